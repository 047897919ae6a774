import { type Money, parseDecimal } from "@fincoach/money";

const PLAIN = /^[+-]?\d*(?:[.,]\d*)?$/;
const DIGIT = /\d/;
// Amounts are stored as signed 64-bit minor units.
const MAX_MINOR = 2n ** 63n - 1n;

/** Why an amount cannot be stored, or undefined when it can. */
export const outOfRange = (m: Money): string | undefined =>
  m.minor > MAX_MINOR || -m.minor > MAX_MINOR ? "the amount is too large" : undefined;

/**
 * Reads a machine-written amount ("-6.60", "+00000000000115.8300", "9,", "1,62", ".5") exactly.
 * Returns a message instead of throwing, so the caller can name the line and field.
 */
export const parsePlainAmount = (raw: string, currency: string): Money | string => {
  const text = raw.trim();
  if (!PLAIN.test(text) || !DIGIT.test(text)) return `"${text}" is not a number`;
  let normalised = text.replace(",", ".").replace(/^\+/, "");
  if (normalised.endsWith(".")) normalised = normalised.slice(0, -1);
  if (normalised.startsWith(".") || normalised.startsWith("-.")) normalised = normalised.replace(".", "0.");
  try {
    const m = parseDecimal(normalised, currency);
    return outOfRange(m) ?? m;
  } catch (e) {
    return (e as Error).message;
  }
};
