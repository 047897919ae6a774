import { DecimalParseError, type Money, minorFromDigits } from "@fincoach/money";

/** Sign, digits, at most one decimal point or comma (SWIFT writes "9," and "1,62"); no grouping. */
const PLAIN = /^([+-])?(\d*)(?:[.,](\d*))?$/;

/**
 * Reads a machine-written amount (OFX `TRNAMT`, CAMT `Amt`, MT940 `:61:`): "-6.60",
 * "+00000000000115.8300", "9,", "1,62", ".5" — exactly, within the currency's decimals (trailing
 * zeros aside) and MAX_AMOUNT_MINOR. "1.2.3", "1,234.56", "1E3" are refused: machines do not
 * group digits. Returns a message instead of throwing, so the caller can name the line and field.
 */
export const parsePlainAmount = (raw: string, currency: string): Money | string => {
  const text = raw.trim();
  const m = PLAIN.exec(text);
  if (!m || !/\d/.test(text)) return `"${text}" is not a number like -12.34`;
  const [, sign, whole = "", fraction = ""] = m;
  try {
    return minorFromDigits(whole || "0", fraction, sign === "-", currency, text);
  } catch (e) {
    if (e instanceof DecimalParseError) return e.message;
    throw e;
  }
};
