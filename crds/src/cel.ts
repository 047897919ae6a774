import type { z } from "zod";

/** One `x-kubernetes-validations` entry, as the apiserver takes it. */
export type CelRule = {
  /** CEL expression over `self` (and `oldSelf` for transition rules). */
  rule: string;
  /** Shown to the person whose apply was rejected; names the field and the fix. */
  message: string;
  /** Where the error points, relative to the node the rule sits on (e.g. `.stepWeight`). */
  fieldPath?: string;
  reason?: "FieldValueInvalid" | "FieldValueForbidden" | "FieldValueRequired" | "FieldValueDuplicate";
};

/** A CEL rule plus, for rules that do not look at `oldSelf`, the same check in TypeScript. */
export type CheckedRule<T> = CelRule & { check?: (value: T) => boolean; path?: PropertyKey[] };

/**
 * Attaches CEL rules to `schema` (they land in the generated CRD as
 * `x-kubernetes-validations`) and the matching TypeScript checks as zod refinements, so the
 * apiserver and a zod parse (examples, tests, the operator) reject the same objects. Each
 * rule is written once here, in both languages side by side.
 */
export const withCel = <S extends z.ZodType>(schema: S, rules: CheckedRule<z.output<S>>[]): S => {
  let refined = schema;
  for (const r of rules) {
    if (r.check) refined = refined.refine(r.check, { message: r.message, path: r.path ?? [] }) as S;
  }
  const existing = (schema.meta()?.["x-kubernetes-validations"] as CelRule[] | undefined) ?? [];
  const celOnly = rules.map(({ check: _check, path: _path, ...rule }) => rule);
  return refined.meta({ "x-kubernetes-validations": [...existing, ...celOnly] }) as S;
};

/** A CEL raw-string literal for `pattern` (RE2), so backslashes need no escaping. */
export const celRegex = (pattern: string): string => {
  if (pattern.includes("'")) throw new Error(`pattern cannot hold a quote: ${pattern}`);
  return `r'${pattern}'`;
};
