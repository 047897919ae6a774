import type { RuleConditionsData } from "@fincoach/db";
import { currencyExponent } from "@fincoach/money";
import { boundInMinor, toBound } from "./rule-amount.ts";

/** What a rule looks at: a stored transaction, or one about to be created or imported. */
export type RuleSubject = {
  description: string;
  merchant: string | null;
  /** Signed minor units of `currency`: negative is money out. */
  amountMinor: bigint;
  currency: string;
  accountId: string;
};

/** A subject with its text folded once, however many rules look at it. */
type Folded = {
  description: string;
  merchant: string | null;
  amountMinor: bigint;
  currency: string;
  accountId: string;
};

/** A rule ready to match: its conditions turned into one predicate, once. */
export type CompiledRule = {
  readonly id: string | undefined;
  readonly position: number;
  readonly conditions: Readonly<RuleConditionsData>;
  readonly categoryId: string | null;
  readonly tags: readonly string[];
  readonly test: (t: Folded) => boolean;
};

/** The rules' source: a saved rule, or a draft (no id, no position). */
export type RuleSource = {
  id?: string | undefined;
  position?: number | undefined;
  enabled?: boolean | undefined;
  conditions: RuleConditionsData;
  categoryId?: string | null | undefined;
  tags?: readonly string[] | undefined;
};

/** Case-insensitive, width-insensitive ("ＲＥＷＥ"), and runs of spaces count as one. */
const fold = (s: string): string => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");

/** Amount-size bounds per currency, worked out on first use: exact for any exponent. */
const amountTest = (min: string | undefined, max: string | undefined): ((t: Folded) => boolean) => {
  const lo = min === undefined ? undefined : toBound(min);
  const hi = max === undefined ? undefined : toBound(max);
  const byCurrency = new Map<string, { lo?: bigint | undefined; hi?: bigint | undefined }>();
  return (t) => {
    let b = byCurrency.get(t.currency);
    if (!b) {
      const exp = currencyExponent(t.currency);
      b = { lo: lo && boundInMinor(lo, exp, "min"), hi: hi && boundInMinor(hi, exp, "max") };
      byCurrency.set(t.currency, b);
    }
    const size = t.amountMinor < 0n ? -t.amountMinor : t.amountMinor;
    return (b.lo === undefined || size >= b.lo) && (b.hi === undefined || size <= b.hi);
  };
};

const predicates = (c: RuleConditionsData): ((t: Folded) => boolean)[] => {
  const out: ((t: Folded) => boolean)[] = [];
  if (c.descriptionContains !== undefined) {
    const needle = fold(c.descriptionContains);
    out.push((t) => t.description.includes(needle));
  }
  if (c.merchantContains !== undefined) {
    const needle = fold(c.merchantContains);
    out.push((t) => t.merchant?.includes(needle) === true);
  }
  if (c.amountMin !== undefined || c.amountMax !== undefined) out.push(amountTest(c.amountMin, c.amountMax));
  if (c.accountId !== undefined) {
    const accountId = c.accountId;
    out.push((t) => t.accountId === accountId);
  }
  if (c.direction === "in") out.push((t) => t.amountMinor > 0n);
  if (c.direction === "out") out.push((t) => t.amountMinor < 0n);
  return out;
};

/** Compiles one rule, enabled or not (a dry run or apply of a disabled rule is asked for by name). */
export const compileRule = (r: RuleSource): CompiledRule => {
  const tests = predicates(r.conditions);
  return {
    id: r.id,
    position: r.position ?? 0,
    conditions: r.conditions,
    categoryId: r.categoryId ?? null,
    tags: r.tags ?? [],
    // A rule with no condition would match everything; the schema refuses it, and so does this.
    test: (t) => tests.length > 0 && tests.every((p) => p(t)),
  };
};

/**
 * The rules that run on new transactions, in order: enabled ones with an action left (a
 * rule whose category was deleted and that adds no tags is inert: it must not shadow the
 * rules after it), by position.
 */
export const compileRules = (rules: readonly RuleSource[]): CompiledRule[] =>
  rules
    .filter((r) => r.enabled !== false && (r.categoryId || (r.tags?.length ?? 0) > 0))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map(compileRule);

/** The first of `rules` (already in order) that `subject` satisfies, or undefined. */
export const matchRule = (rules: readonly CompiledRule[], subject: RuleSubject): CompiledRule | undefined => {
  if (rules.length === 0) return undefined;
  const folded: Folded = {
    description: fold(subject.description),
    merchant: subject.merchant === null ? null : fold(subject.merchant),
    amountMinor: subject.amountMinor,
    currency: subject.currency,
    accountId: subject.accountId,
  };
  for (const rule of rules) if (rule.test(folded)) return rule;
  return undefined;
};
