import type { FieldIssue } from "@fincoach/errors";

export const NUL_MESSAGE = "must not contain NUL characters (\\u0000)";
export const LONE_SURROGATE_MESSAGE = "must be well-formed Unicode (it has a lone surrogate)";

/** Enough to name every bad field of a real request; a crafted body can't make the answer huge. */
const MAX_ISSUES = 20;

/** Why a string can't be stored as text (PostgreSQL refuses NUL; a lone surrogate has no UTF-8 form), or undefined. */
export const textProblem = (s: string): string | undefined =>
  s.includes("\0") ? NUL_MESSAGE : s.isWellFormed() ? undefined : LONE_SURROGATE_MESSAGE;

/**
 * JSON text can only hold a NUL or a lone surrogate as a `\u` escape (raw control
 * characters are invalid JSON, and strict UTF-8 decoding refuses encoded surrogates), so a
 * body without such an escape needs no walk. May match an escaped backslash: the walk decides.
 */
export const mayHoldIllFormedText = (json: string): boolean => /\\u(?:0000|d[89a-f])/i.test(json);

/** A field name for a path: printable even when the key itself holds the NUL. */
const segment = (key: string) => (textProblem(key) ? JSON.stringify(key).slice(1, -1) : key);

/** Where a value sits, child to parent: built into a path only for a bad value, so deep bodies stay linear. */
type Place = { key: string; parent: Place | undefined } | undefined;

const pathOf = (place: Place): string => {
  const keys: string[] = [];
  for (let p = place; p; p = p.parent) keys.push(p.key);
  return keys.reverse().join(".") || "(body)";
};

/**
 * Every string (and object key) in a parsed JSON value that can't be stored as text, as
 * field issues named like zod's (`splits.1.notes`, `(body)` for the root). Iterative, so a
 * deeply nested body can't overflow the stack.
 */
export const illFormedText = (value: unknown): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const pending: [unknown, Place][] = [[value, undefined]];
  while (pending.length > 0 && issues.length < MAX_ISSUES) {
    const [v, place] = pending.pop() as [unknown, Place];
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) issues.push({ path: pathOf(place), message: problem });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pending.push([v[i], { key: String(i), parent: place }]);
    } else if (v !== null && typeof v === "object") {
      for (const [key, child] of Object.entries(v).reverse()) {
        const at = { key: segment(key), parent: place };
        const problem = textProblem(key);
        if (problem) issues.push({ path: pathOf(at), message: `field name ${problem}` });
        pending.push([child, at]);
      }
    }
  }
  return issues.slice(0, MAX_ISSUES);
};
