import { amountRangeMessage, isAmountInRange } from "./amount-range.ts";
import { currencyExponent } from "./currency.ts";
import type { Money } from "./money.ts";

/**
 * What is wrong with an amount's text: `syntax` (not the grammar), `ambiguous` (the decimal
 * separator cannot be told), `currency` (it names another currency), `precision` (more
 * decimals than the currency has), `range` (beyond MAX_AMOUNT_MINOR).
 */
export type AmountProblem = "syntax" | "ambiguous" | "currency" | "precision" | "range";

/** Why a decimal string could not become an amount; callers turn it into a field error. */
export class DecimalParseError extends Error {
  override name = "DecimalParseError";
  readonly problem: AmountProblem;
  constructor(message: string, problem: AmountProblem = "syntax") {
    super(message);
    this.problem = problem;
  }
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Exact minor units from integer and fraction digits. Trailing zeros beyond the exponent are
 * accepted ("1500.00" JPY, "12.340" EUR: they do not change the value, and exports write them);
 * any other extra digit is refused, never rounded. Out of range is refused too.
 */
export const minorFromDigits = (
  whole: string,
  fraction: string,
  negative: boolean,
  currency: string,
  text: string,
): Money => {
  const exp = currencyExponent(currency);
  let frac = fraction;
  if (frac.length > exp) frac = frac.replace(/0+$/, "");
  if (frac.length > exp) {
    throw new DecimalParseError(`"${text}" has more than ${exp} decimal places for ${currency}`, "precision");
  }
  const magnitude = BigInt(whole + frac.padEnd(exp, "0"));
  if (!isAmountInRange(magnitude)) throw new DecimalParseError(`"${text}" ${amountRangeMessage(currency)}`, "range");
  return { minor: negative ? -magnitude : magnitude, currency };
};

/**
 * Parses a canonical decimal string ("-12.34", "1000", "0.5") into exact minor units: the API's
 * wire format. Refuses more fraction digits than the currency has (no silent rounding of money),
 * exponents, thousands separators, anything else that is not plain digits, and amounts beyond
 * MAX_AMOUNT_MINOR. Amounts as files write them go through `parseAmountText`.
 */
export const parseDecimal = (text: string, currency: string): Money => {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new DecimalParseError(`"${text}" is not a decimal number like -12.34`);
  const [, sign, whole = "0", frac = ""] = m;
  return minorFromDigits(whole, frac, sign === "-", currency, text);
};
