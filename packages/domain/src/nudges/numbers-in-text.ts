/**
 * The numbers a text states, each as the set of exact values it may mean (normalized decimal
 * strings: "1234.5", "12"). Rule:
 * - a number is digits, grouped in threes by "," "." "'" or a space (no-break and narrow
 *   no-break included), with a decimal part; currency symbols, codes, "%" and a sign around it
 *   are ignored;
 * - both "," and "." present: the last one is the decimal separator ("$1,234.50", "1.234,50 €");
 * - one kind, used once and followed by 1-2 digits: decimal ("12,5"); followed by exactly 3
 *   digits it is ambiguous ("1,234" or "1.234"), so both readings are kept; used more than once:
 *   grouping ("1.234.567").
 * Numbers written as words ("three") are not seen: a limit of the rule.
 */
export const numbersInText = (text: string): string[][] =>
  [...text.matchAll(NUMBER)].map((m) => readings(m[0])).filter((r) => r.length > 0);

/**
 * Grouped digits first (one group separator throughout, groups of three, then an optional
 * decimal part: "1,234.50", "1.234,50", "1 234,50"), else plain digits with an optional decimal
 * part ("1234.50", "12,5"). A separator followed by a space ends the number ("320.00, 400.00").
 */
const NUMBER = /\d{1,3}([,.\u00a0\u202f' ])\d{3}(?:\1\d{3})*(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?/g;

/** "1234.50" -> "1234.5", "007" -> "7", "12.0" -> "12". */
export const normalizeNumber = (digits: string): string => {
  const [int = "0", frac = ""] = digits.split(".");
  const i = int.replace(/^0+(?=\d)/, "");
  const f = frac.replace(/0+$/, "");
  return f ? `${i}.${f}` : i;
};

const readings = (raw: string): string[] => {
  const token = raw.replace(/[\u00a0\u202f ']/g, "");
  const dots = token.split(".").length - 1;
  const commas = token.split(",").length - 1;
  if (dots > 0 && commas > 0) {
    const dec = token.lastIndexOf(".") > token.lastIndexOf(",") ? "." : ",";
    const group = dec === "." ? "," : ".";
    return [normalizeNumber(token.replaceAll(group, "").replace(dec, "."))];
  }
  const sep = dots > 0 ? "." : commas > 0 ? "," : undefined;
  if (sep === undefined) return [normalizeNumber(token)];
  if (dots + commas > 1) return [normalizeNumber(token.replaceAll(sep, ""))];
  const after = token.length - token.indexOf(sep) - 1;
  const asDecimal = normalizeNumber(token.replace(sep, "."));
  const asGrouped = normalizeNumber(token.replace(sep, ""));
  return after === 3 ? [asDecimal, asGrouped] : [asDecimal];
};

/**
 * Every number a figure may be quoted as: the numbers in each fact's text (amounts, counts,
 * names that hold digits), and the parts of dates (2027-05-31 -> 2027, 5, 31).
 */
export const allowedNumbers = (facts: Record<string, unknown>): Set<string> => {
  const allowed = new Set<string>();
  for (const v of Object.values(facts)) {
    if (v === null || typeof v === "boolean") continue;
    const text = String(v);
    if (/^\d{4}-\d{2}(-\d{2})?$/.test(text)) {
      for (const part of text.split("-")) allowed.add(normalizeNumber(part));
      continue;
    }
    if (/^-?\d+(\.\d+)?$/.test(text)) allowed.add(normalizeNumber(text.replace("-", "")));
    else for (const r of numbersInText(text)) for (const x of r) allowed.add(x);
  }
  return allowed;
};

/** The first number in `text` none of whose readings is an allowed figure, or undefined. */
export const inventedNumber = (text: string, facts: Record<string, unknown>): string | undefined => {
  const allowed = allowedNumbers(facts);
  return numbersInText(text).find((r) => !r.some((x) => allowed.has(x)))?.[0];
};
