/** The two decimal separators files use. */
export type DecimalSeparator = "." | ",";

/** A number's digits with grouping removed: `whole` (never empty) and `fraction` (maybe empty). */
export type NumberDigits = { whole: string; fraction: string };

const DIGITS = /^\d+$/;

/** Grouping characters that are interchangeable within one number: spaces of any width, apostrophes. */
const groupClass = (c: string): string =>
  c === " " || c === "\u00a0" || c === "\u202f" || c === "\u2009" ? " " : c === "’" ? "'" : c;

/**
 * Reads the number part of an amount ("1.234.567,89", "1 234,5", "1'234.50", "1,00,000.00",
 * ".5") with `decimal` as its decimal separator. Returns the digits, or why the text is not a
 * number in that convention.
 */
export const readNumber = (text: string, decimal: DecimalSeparator): NumberDigits | string => {
  const at = text.indexOf(decimal);
  if (at !== -1 && text.includes(decimal, at + 1)) return `has more than one decimal separator "${decimal}"`;
  const intPart = at === -1 ? text : text.slice(0, at);
  const fraction = at === -1 ? "" : text.slice(at + 1);
  if (at !== -1 && !DIGITS.test(fraction)) return `has "${fraction}" after the decimal separator "${decimal}"`;
  if (intPart === "") return at === -1 ? "has no digits" : { whole: "0", fraction };
  if (DIGITS.test(intPart)) return { whole: intPart, fraction };
  const whole = ungroup(intPart);
  return whole === undefined ? `has invalid digit grouping in "${intPart}"` : { whole, fraction };
};

/**
 * The digits of a grouped integer part, or undefined when the grouping is not valid: one kind
 * of grouping character, a first group of 1-3 digits not starting with 0, then groups of 3
 * ("1,234,567", "1.234", "1 234", "1'234"); or Indian lakh/crore grouping with commas, a first
 * group of 1-2 digits, groups of 2, a last group of 3 ("1,00,000", "12,34,56,789").
 */
const ungroup = (intPart: string): string | undefined => {
  const groups = intPart.split(/\D/);
  const separators = intPart.replace(/\d/g, "");
  const kind = groupClass(separators[0] ?? "");
  for (const c of separators) if (groupClass(c) !== kind) return undefined;
  const [first = "", ...rest] = groups;
  if (first.length === 0 || first.length > 3 || first.startsWith("0")) return undefined;
  if (rest.every((g) => g.length === 3)) return groups.join("");
  const last = rest.at(-1) ?? "";
  const indian =
    kind === "," && first.length <= 2 && last.length === 3 && rest.slice(0, -1).every((g) => g.length === 2);
  return indian ? groups.join("") : undefined;
};

/**
 * Which decimal separator a number's own text proves, without being told: "." or "," when only
 * that reading is valid ("1,234.56", "12,5", "1.234.567", "0.001"), "ambiguous" when both are
 * ("1.234", "123,456"), "none" without a separator ("1 234"), "invalid" when neither is.
 */
export const separatorEvidence = (numberText: string): DecimalSeparator | "ambiguous" | "none" | "invalid" => {
  if (!numberText.includes(".") && !numberText.includes(",")) return "none";
  const dot = typeof readNumber(numberText, ".") !== "string";
  const comma = typeof readNumber(numberText, ",") !== "string";
  if (dot && comma) return "ambiguous";
  return dot ? "." : comma ? "," : "invalid";
};
