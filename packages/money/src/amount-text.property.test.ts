import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { MAX_AMOUNT_MINOR } from "./amount-range.ts";
import { amountSeparatorEvidence, parseAmountText } from "./amount-text.ts";
import { currencyExponent } from "./currency.ts";
import { DecimalParseError } from "./decimal.ts";

type Sep = "." | ",";
const SPACE = "[ \\u00a0\\u202f\\u2009]";

/**
 * The grammar of docs/amounts.md written a second way, as one regular expression for an EUR
 * account with a known decimal separator: the oracle the parser is checked against.
 */
const grammarFor = (decimal: Sep): RegExp => {
  const other = decimal === "." ? "," : "\\.";
  const d = decimal === "." ? "\\." : ",";
  const grouped = (g: string) => `[1-9]\\d{0,2}(?:${g}\\d{3})+`;
  const indian = decimal === "." ? "|[1-9]\\d?(?:,\\d\\d)*,\\d{3}" : "";
  const int = `(?:\\d+|${grouped(other)}|${grouped(SPACE)}|${grouped("['’]")}${indian})`;
  const N = `(?:${int}(?:${d}\\d+)?|${d}\\d+)`;
  const M = "(?:[Ee][Uu][Rr]|€)";
  const S = `${SPACE}*`;
  const forms = [
    `(?:[+-]${S})?${N}`,
    `(?:[+-]${S})?${M}${S}${N}`,
    `(?:[+-]${S})?${N}${S}${M}`,
    `${M}${S}[+-]${S}${N}`,
    `${N}${S}-`,
    `${M}${S}${N}${S}-`,
    `${N}${S}-${S}${M}`,
    `${N}${S}${M}${S}-`,
    `\\(${S}${N}${S}\\)`,
    `\\(${S}${M}${S}${N}${S}\\)`,
    `\\(${S}${N}${S}${M}${S}\\)`,
  ];
  return new RegExp(`^\\s*(?:${forms.join("|")})\\s*$`, "u");
};

const TOKENS = [
  ..."0123456789012345678901234567890123456789",
  ...".,.,.,  ",
  "\u00a0",
  "\u202f",
  "'",
  "’",
  "-",
  "-",
  "+",
  "(",
  ")",
  "€",
  "EUR",
  "eur",
  "$",
  "USD",
  "E",
  "e",
  "x",
  "O",
  "\t",
];
const amountLike = fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((t) => t.join(""));
const separator = fc.constantFrom<Sep>(".", ",");

describe("parseAmountText (property)", () => {
  test("a string is accepted exactly when the grammar says so (refusals beyond it: precision, range only)", () => {
    fc.assert(
      fc.property(amountLike, separator, (raw, decimal) => {
        const inGrammar = grammarFor(decimal).test(raw);
        let problem: string | undefined;
        try {
          parseAmountText(raw, { currency: "EUR", decimalSeparator: decimal });
        } catch (e) {
          assert.ok(e instanceof DecimalParseError, `${raw}: ${String(e)}`);
          problem = e.problem;
        }
        if (inGrammar)
          assert.ok(problem === undefined || ["precision", "range"].includes(problem), `${raw}: ${problem}`);
        else assert.ok(problem !== undefined, `"${raw}" is outside the grammar but was accepted`);
      }),
      { numRuns: 20_000 },
    );
  });

  const spelling = fc.record({
    currency: fc.constantFrom("JPY", "EUR", "BHD", "CLF", "USD", "INR", "CHF"),
    minor: fc.bigInt({ min: -MAX_AMOUNT_MINOR, max: MAX_AMOUNT_MINOR }),
    decimal: separator,
    grouping: fc.constantFrom("none", ",", ".", " ", "\u00a0", "\u202f", "'", "’", "indian"),
    negative: fc.constantFrom("-", "- ", "(", "trailing", "after-mark"),
    plus: fc.boolean(),
    mark: fc.constantFrom("none", "code-before", "code-after", "symbol-before", "symbol-after"),
    space: fc.constantFrom("", " ", "\u00a0"),
    extraZeros: fc.integer({ min: 0, max: 3 }),
    trimZeros: fc.boolean(),
  });
  const SYMBOLS: Record<string, string> = { JPY: "¥", EUR: "€", USD: "$", INR: "₹" };

  const group = (whole: string, grouping: string, decimal: Sep): string => {
    if (grouping === "none" || grouping === decimal || whole.length <= 3) return whole;
    if (grouping === "indian") {
      if (decimal === ",") return whole;
      const head = whole.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ",");
      return `${head},${whole.slice(-3)}`;
    }
    return whole.replace(/\B(?=(\d{3})+$)/g, grouping);
  };

  /** One of the many ways a file may write `minor`, built independently of the parser. */
  const write = (s: typeof spelling extends fc.Arbitrary<infer T> ? T : never): string => {
    const exp = currencyExponent(s.currency);
    const digits = (s.minor < 0n ? -s.minor : s.minor).toString().padStart(exp + 1, "0");
    const whole = group(digits.slice(0, digits.length - exp), s.grouping, s.decimal);
    let fraction = digits.slice(digits.length - exp) + "0".repeat(s.extraZeros);
    if (s.trimZeros) fraction = fraction.replace(/0+$/, "");
    const number = fraction ? `${whole}${s.decimal}${fraction}` : whole;
    const symbol = SYMBOLS[s.currency];
    const mark = s.mark.startsWith("code") ? s.currency : s.mark.startsWith("symbol") && symbol ? symbol : "";
    const before = s.mark.endsWith("before") && mark ? `${mark}${s.space}` : "";
    const after = s.mark.endsWith("after") && mark ? `${s.space}${mark}` : "";
    if (s.minor >= 0n) return `${s.plus ? "+" : ""}${before}${number}${after}`;
    switch (s.negative) {
      case "(":
        return `(${before}${number}${after})`;
      case "trailing":
        return `${before}${number}-${after}`;
      case "after-mark":
        return before ? `${before}-${number}${after}` : `-${number}${after}`;
      default:
        return `${s.negative}${before}${number}${after}`;
    }
  };

  test("any amount, written in any valid spelling, reads back to the same minor units", () => {
    fc.assert(
      fc.property(spelling, (s) => {
        const text = write(s);
        const parsed = parseAmountText(text, { currency: s.currency, decimalSeparator: s.decimal });
        assert.equal(parsed.minor, s.minor, text);
        assert.equal(parsed.currency, s.currency);
      }),
      { numRuns: 5_000 },
    );
  });

  test("a validly written amount never proves the other decimal separator", () => {
    fc.assert(
      fc.property(spelling, (s) => {
        const text = write(s);
        const evidence = amountSeparatorEvidence(text);
        assert.ok([s.decimal, "ambiguous", "none"].includes(evidence), `${text}: ${evidence}`);
        if (evidence === s.decimal || evidence === "none") {
          assert.equal(parseAmountText(text, { currency: s.currency }).minor, s.minor, text);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  test("one minor unit beyond the bound is refused in every exponent", () => {
    for (const currency of ["JPY", "EUR", "BHD", "CLF"]) {
      const exp = currencyExponent(currency);
      const digits = (MAX_AMOUNT_MINOR + 1n).toString();
      const text = exp ? `${digits.slice(0, -exp)}.${digits.slice(-exp)}` : digits;
      assert.throws(() => parseAmountText(`-${text}`, { currency, decimalSeparator: "." }), /out of range/, currency);
    }
  });
});
