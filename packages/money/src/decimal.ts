import { currencyExponent } from "./currency.ts";
import type { Money } from "./money.ts";

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Why a decimal string could not become an amount; callers turn it into a field error. */
export class DecimalParseError extends Error {
  override name = "DecimalParseError";
}

/**
 * Parses a canonical decimal string ("-12.34", "1000", "0.5") into exact minor units.
 * Rejects more fraction digits than the currency has (no silent rounding of money),
 * exponents, thousands separators and anything else that is not plain digits.
 */
export const parseDecimal = (text: string, currency: string): Money => {
  const exp = currencyExponent(currency);
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new DecimalParseError(`"${text}" is not a decimal number like -12.34`);
  const [, sign, whole = "0", frac = ""] = m;
  const trimmedFrac = frac.replace(/0+$/, "");
  if (trimmedFrac.length > exp) {
    throw new DecimalParseError(`"${text}" has more than ${exp} decimal places for ${currency}`);
  }
  const minor = BigInt(whole + trimmedFrac.padEnd(exp, "0"));
  return { minor: sign === "-" ? -minor : minor, currency };
};

/** Formats minor units as a canonical decimal string with exactly the currency's exponent. */
export const formatDecimal = (m: Pick<Money, "minor" | "currency">): string => {
  const exp = currencyExponent(m.currency);
  const negative = m.minor < 0n;
  const digits = (negative ? -m.minor : m.minor).toString().padStart(exp + 1, "0");
  const whole = digits.slice(0, digits.length - exp);
  const frac = exp > 0 ? `.${digits.slice(digits.length - exp)}` : "";
  return `${negative ? "-" : ""}${whole}${frac}`;
};

/**
 * Parses an amount as banks and spreadsheets write it, in either locale convention:
 * "1,234.56", "1.234,56", "1 234,56", "(12.34)", "12.34-", "-€12.34", "12,5".
 * `decimalSeparator` settles ambiguous input like "1,234" (default: guessed; a lone
 * separator followed by exactly three digits is read as a thousands separator).
 */
export const parseLocaleAmount = (raw: string, currency: string, decimalSeparator?: "." | ","): Money => {
  let text = raw.trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.endsWith("-")) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  if (/^\s*-/.test(text) || /^[^\d]*-/.test(text)) negative = !negative;
  text = text
    .replace(/^[+-]/, "")
    .replace(/[^\d.,'\s\u00a0\u202f]/g, "")
    .replace(/[\s\u00a0\u202f']/g, "");
  if (!/\d/.test(text)) throw new DecimalParseError(`"${raw}" is not an amount`);
  const sep = decimalSeparator ?? guessDecimalSeparator(text);
  const thousands = sep === "." ? "," : ".";
  text = text.split(thousands).join("");
  if (sep === ",") text = text.replace(",", ".");
  if ((text.match(/\./g) ?? []).length > 1) throw new DecimalParseError(`"${raw}" is not an amount`);
  const m = parseDecimal(text.startsWith(".") ? `0${text}` : text, currency);
  return negative ? { minor: -m.minor, currency } : m;
};

const guessDecimalSeparator = (text: string): "." | "," => {
  const lastDot = text.lastIndexOf(".");
  const lastComma = text.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? "." : ",";
  const only = lastDot >= 0 ? "." : lastComma >= 0 ? "," : ".";
  const count = text.split(only).length - 1;
  const tail = text.slice(text.lastIndexOf(only) + 1);
  // "1,234" or "1.234.567": a thousands separator; "12,5" or "12.50": a decimal separator.
  if (count > 1 || tail.length === 3) return only === "." ? "," : ".";
  return only;
};
