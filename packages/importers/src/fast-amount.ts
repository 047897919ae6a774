import { currencyExponent, type DecimalSeparator, MAX_AMOUNT_MINOR, type Money } from "@fincoach/money";

const SIMPLE = /^(-?)(\d{1,15})(?:([.,])(\d{1,4}))?$/;
const exponents = new Map<string, number>();

/**
 * The common case of a CSV amount — optional minus, digits, the file's decimal separator and
 * at most the currency's decimals — read without the grammar's machinery, to the same result
 * as `parseAmountText` (a property test holds them together). Undefined means "use
 * `parseAmountText`": grouping, currency marks, parentheses, a separator that is not the
 * decimal one (or no decided separator), trailing zeros, out of range.
 */
export const fastAmount = (
  text: string,
  currency: string,
  decimal: DecimalSeparator | undefined,
): Money | undefined => {
  const m = SIMPLE.exec(text);
  if (!m) return undefined;
  const [, sign, whole = "", sep, frac = ""] = m;
  if (sep && sep !== decimal) return undefined;
  let exp = exponents.get(currency);
  if (exp === undefined) {
    exp = currencyExponent(currency);
    exponents.set(currency, exp);
  }
  if (frac.length > exp) return undefined;
  const minor = BigInt(whole + frac.padEnd(exp, "0"));
  if (minor > MAX_AMOUNT_MINOR) return undefined;
  return { minor: sign ? -minor : minor, currency };
};
