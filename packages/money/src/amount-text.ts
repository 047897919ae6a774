import { type DecimalSeparator, readNumber, separatorEvidence } from "./amount-number.ts";
import { currenciesOfMark, markDenotes } from "./currency-marks.ts";
import { DecimalParseError, minorFromDigits } from "./decimal.ts";
import type { Money } from "./money.ts";

/** How to read one amount: the account's currency, and the file's decimal separator when known. */
export type AmountTextOptions = {
  currency: string;
  /** When absent, the text must prove its separator itself ("12,50", "1,234.56"); "1.234" is refused. */
  decimalSeparator?: DecimalSeparator | undefined;
};

const SP = "[ \\u00a0\\u202f\\u2009]*";
/** A currency code or symbol: validated after the match, so "12abc" gets a precise message. */
const MARK = "[^\\d\\s.,'’()+\\-]+";
const NUMBER = "[.,]?\\d(?:[\\d.,'’ \\u00a0\\u202f\\u2009]*\\d)?";
/** Sign before or after a leading mark, number, trailing minus before or after a trailing mark. */
const SHAPE = new RegExp(
  `^(?<s1>[+-])?${SP}(?:(?<m1>${MARK})${SP})?(?<s2>[+-])?${SP}(?<num>${NUMBER})${SP}(?<s3>-)?${SP}(?:(?<m2>${MARK})${SP})?(?<s4>-)?$`,
  "u",
);
const ALPHABET = /[^\d.,'’ \u00a0\u202f\u2009+\-()]/u;

type Shape = { negative: boolean; signs: number; mark?: string | undefined; marks: number; number: string };

/** Splits an amount into sign, currency mark and number text, or undefined when its shape is wrong. */
const shapeOf = (raw: string): Shape | undefined => {
  let text = raw.trim();
  const parens = text.startsWith("(") && text.endsWith(")");
  if (parens) text = text.slice(1, -1).trim();
  const g = SHAPE.exec(text)?.groups;
  if (!g?.num) return undefined;
  const signs = [g.s1, g.s2, g.s3, g.s4].filter((s) => s !== undefined);
  return {
    negative: parens || signs[0] === "-",
    signs: signs.length + (parens ? 1 : 0),
    mark: g.m1 ?? g.m2,
    marks: (g.m1 ? 1 : 0) + (g.m2 ? 1 : 0),
    number: g.num,
  };
};

const syntaxError = (raw: string): DecimalParseError => {
  const odd = ALPHABET.exec(raw.trim())?.[0];
  const why = raw.trim() === "" ? "is empty" : odd ? `has an unexpected "${odd}"` : "is not an amount like -1,234.56";
  return new DecimalParseError(`"${raw}" ${why}`);
};

/**
 * Parses an amount as statement files write it, by one strict grammar (docs/amounts.md):
 * an optional sign (leading `-`/`+`, a trailing `-` as in German "12,34-", or parentheses),
 * an optional currency code or symbol before or after the number (it must be able to denote
 * `currency`), digits with valid grouping and at most one decimal separator. Anything else —
 * exponents, hex, letters, two signs, mixed grouping — throws `DecimalParseError`, as do more
 * decimals than the currency has (trailing zeros excepted) and amounts beyond MAX_AMOUNT_MINOR.
 */
export const parseAmountText = (raw: string, options: AmountTextOptions): Money => {
  const { currency } = options;
  const shape = shapeOf(raw);
  if (!shape) throw syntaxError(raw);
  if (shape.signs > 1) throw new DecimalParseError(`"${raw}" has more than one sign`);
  if (shape.marks > 1) throw new DecimalParseError(`"${raw}" names a currency twice`);
  if (shape.mark !== undefined) checkMark(raw, shape.mark, currency);
  const decimal = options.decimalSeparator ?? ownSeparator(raw, shape.number);
  const digits = readNumber(shape.number, decimal);
  if (typeof digits === "string") throw new DecimalParseError(`"${raw}" ${digits}`);
  return minorFromDigits(digits.whole, digits.fraction, shape.negative, currency, raw);
};

const checkMark = (raw: string, mark: string, currency: string): void => {
  if (markDenotes(mark, currency)) return;
  const codes = currenciesOfMark(mark);
  if (!codes) throw new DecimalParseError(`"${raw}": "${mark}" is not a currency code or symbol`);
  throw new DecimalParseError(`"${raw}" is in ${codes.join("/")}, not the account's ${currency}`, "currency");
};

/** The separator the number proves on its own; throws when it proves none or both. */
const ownSeparator = (raw: string, number: string): DecimalSeparator => {
  const evidence = separatorEvidence(number);
  if (evidence === "." || evidence === ",") return evidence;
  if (evidence === "ambiguous") {
    throw new DecimalParseError(
      `"${raw}" could be read with "." or "," as the decimal separator; say which one the file uses`,
      "ambiguous",
    );
  }
  // "none" reads the same either way; "invalid" reports the reading whose last separator is decimal.
  return number.lastIndexOf(",") > number.lastIndexOf(".") ? "," : ".";
};

const SIMPLE = /^-?\d+([.,])(\d+)$/;

/**
 * Which decimal separator an amount's own text proves, for deciding a file's separator from its
 * rows: "." or "," when only that reading is valid, "ambiguous" for "1.234", "none" when it has no
 * separator, "invalid" when it is no amount at all (its own parse will say why).
 */
export const amountSeparatorEvidence = (raw: string): DecimalSeparator | "ambiguous" | "none" | "invalid" => {
  if (!raw.includes(".") && !raw.includes(",")) return "none";
  // The common cell ("-12.34", "1234,5") decided without the shape regex: the hot path of a CSV import.
  const simple = SIMPLE.exec(raw);
  if (simple) {
    const [text, sep, frac = ""] = simple;
    const whole = text.length - frac.length - 1 - (text.startsWith("-") ? 1 : 0);
    const groupable = frac.length === 3 && whole <= 3 && text[text.startsWith("-") ? 1 : 0] !== "0";
    return groupable ? "ambiguous" : (sep as DecimalSeparator);
  }
  const shape = shapeOf(raw);
  return shape ? separatorEvidence(shape.number) : "invalid";
};
