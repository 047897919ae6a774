import { currencyExponent } from "./currency.ts";
import type { Money } from "./money.ts";

/** Formats minor units as a canonical decimal string with exactly the currency's exponent. */
export const formatDecimal = (m: Pick<Money, "minor" | "currency">): string => {
  const exp = currencyExponent(m.currency);
  const negative = m.minor < 0n;
  const digits = (negative ? -m.minor : m.minor).toString().padStart(exp + 1, "0");
  const whole = digits.slice(0, digits.length - exp);
  const frac = exp > 0 ? `.${digits.slice(digits.length - exp)}` : "";
  return `${negative ? "-" : ""}${whole}${frac}`;
};
