import { normalizeHeader } from "./header-synonyms.ts";

const DEBIT = new Set([
  "debit",
  "dr",
  "d",
  "db",
  "deb",
  "withdrawal",
  "out",
  "s",
  "soll",
  "debet",
  "af",
  "debito",
  "sortie",
]);
const CREDIT = new Set(["credit", "cr", "c", "crd", "deposit", "in", "h", "haben", "bij", "credito", "entree"]);

/** -1 for a debit word ("debit", "DR", "S", "Af"), 1 for a credit word, undefined otherwise. */
export const directionSign = (value: string): -1 | 1 | undefined => {
  const word = normalizeHeader(value);
  if (DEBIT.has(word)) return -1;
  if (CREDIT.has(word)) return 1;
  return undefined;
};
