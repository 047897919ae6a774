import { currencyExponent, type Money } from "@fincoach/money";

const SIMPLE = /^(-?)(\d{1,13})(?:([.,])(\d{1,6}))?$/;
const exponents = new Map<string, number>();

/**
 * The common case of a CSV amount — optional minus, digits, one decimal separator — read
 * without the locale machinery. Undefined means "not simple, use the full parser": thousands
 * separators, currency signs, parentheses, a separator that is not the decimal one, or more
 * fraction digits than the currency has.
 */
export const fastAmount = (text: string, currency: string, decimal: "." | "," | undefined): Money | undefined => {
  const m = SIMPLE.exec(text);
  if (!m) return undefined;
  const [, sign, whole = "", sep, frac = ""] = m;
  // Unsniffed, "1,234" may be a thousand: leave three-digit tails to the full parser.
  if (sep && (decimal ? sep !== decimal : frac.length === 3)) return undefined;
  let exp = exponents.get(currency);
  if (exp === undefined) {
    exp = currencyExponent(currency);
    exponents.set(currency, exp);
  }
  if (frac.length > exp) return undefined;
  const minor = BigInt(whole + frac.padEnd(exp, "0"));
  return { minor: sign ? -minor : minor, currency };
};
