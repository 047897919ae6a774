import { hash32 } from "./hash.ts";

/**
 * Joins `parts` with `-`; when the result is longer than `max`, keeps a prefix and ends
 * with `-<8 hex of the full name's hash>`, so distinct long names stay distinct and the
 * result is still a valid DNS label / label value (parts are Kubernetes names already).
 * Deterministic: the operator, beat and the workers derive the same name independently.
 */
export const boundedName = (parts: string[], max: number): string => {
  const full = parts.join("-");
  if (full.length <= max) return full;
  const suffix = hash32(full).toString(16).padStart(8, "0");
  const prefix = full.slice(0, max - suffix.length - 1).replace(/[-.]+$/, "");
  return `${prefix}-${suffix}`;
};
