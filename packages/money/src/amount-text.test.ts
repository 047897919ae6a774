import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { amountSeparatorEvidence, parseAmountText } from "./amount-text.ts";
import { DecimalParseError } from "./decimal.ts";

type Sep = "." | "," | undefined;
const minor = (raw: string, currency = "EUR", decimalSeparator?: Sep) =>
  parseAmountText(raw, { currency, decimalSeparator }).minor;
const refused = (raw: string, pattern: RegExp, currency = "EUR", decimalSeparator?: Sep) =>
  assert.throws(
    () => parseAmountText(raw, { currency, decimalSeparator }),
    (e) => e instanceof DecimalParseError && pattern.test(e.message),
    raw,
  );

describe("parseAmountText accepts amounts as files write them", () => {
  test("signs: leading, trailing (German exports), parentheses", () => {
    assert.equal(minor("-12.34"), -1234n);
    assert.equal(minor("+12.34"), 1234n);
    assert.equal(minor("12,34-"), -1234n);
    assert.equal(minor("(12.34)"), -1234n);
    assert.equal(minor("- 12,50"), -1250n);
  });

  test("currency codes and symbols, before or after, with or without a space", () => {
    assert.equal(minor("-€12.34"), -1234n);
    assert.equal(minor("€-12.34"), -1234n);
    assert.equal(minor("EUR 1.234,56"), 123456n);
    assert.equal(minor("1.234,56 €"), 123456n);
    assert.equal(minor("12,34 eur"), 1234n);
    assert.equal(minor("($1,234.50)", "USD"), -123450n);
    assert.equal(minor("US$12", "USD"), 1200n);
    assert.equal(minor("CHF 1'234.50", "CHF"), 123450n);
    assert.equal(minor("12,50 kr", "SEK"), 1250n);
    assert.equal(minor("¥1,500", "JPY", "."), 1500n);
  });

  test("grouping: commas, dots, spaces (NBSP, narrow NBSP), apostrophes, Indian lakh", () => {
    assert.equal(minor("1,234,567.89"), 123456789n);
    assert.equal(minor("1.234.567,89"), 123456789n);
    assert.equal(minor("1 234 567,89"), 123456789n);
    assert.equal(minor("1\u00a0234\u00a0567,89"), 123456789n);
    assert.equal(minor("1\u202f234,5"), 123450n);
    assert.equal(minor("1'234.50"), 123450n);
    assert.equal(minor("1’234.50"), 123450n);
    assert.equal(minor("1,00,000.00", "INR"), 10000000n);
    assert.equal(minor("12,34,56,789", "INR", "."), 12345678900n);
  });

  test("the decimal separator: proved by the text, or given", () => {
    assert.equal(minor("12,5"), 1250n);
    assert.equal(minor(".5"), 50n);
    assert.equal(minor("1.234", "EUR", ","), 123400n);
    assert.equal(minor("1,234", "EUR", "."), 123400n);
    assert.equal(minor("1234", "EUR"), 123400n);
    refused("1.234", /could be read with "\." or ","/);
    refused("1,234", /say which one the file uses/);
  });

  test("trailing zeros beyond the exponent are accepted: they do not change the value", () => {
    assert.equal(minor("1500.00", "JPY"), 1500n);
    assert.equal(minor("12.340", "EUR", "."), 1234n);
    assert.equal(minor("1.500", "BHD", "."), 1500n);
  });
});

describe("parseAmountText refuses everything else, saying what is wrong", () => {
  test("the imports that were misread: exponents, hex, letters, stray characters", () => {
    refused("-1E3", /unexpected "E"/);
    refused("2E-2", /unexpected "E"/);
    refused("1O.00", /unexpected "O"/);
    refused("0x10", /unexpected "x"/);
    refused("12abc", /"abc" is not a currency code or symbol/);
    refused("1.2.3", /more than one decimal separator/, "EUR", ".");
    refused("1.2.3", /not an amount|grouping|decimal separator/);
  });

  test("more decimals than the currency has, and sub-cent amounts decided by their own text", () => {
    refused("0.001", /more than 2 decimal places for EUR/);
    refused("1.5", /more than 0 decimal places for JPY/, "JPY");
    refused("12.345", /more than 2 decimal places/, "EUR", ".");
  });

  test("bad grouping, mixed grouping, two separators, two signs, two currencies, other currencies", () => {
    refused("1,23,4.00", /invalid digit grouping/);
    refused("12,34.5", /invalid digit grouping/, "EUR", ".");
    refused("1,234 567.00", /invalid digit grouping/);
    refused("0,123.00", /invalid digit grouping/);
    refused("1.234,56", /has "234,56" after the decimal separator/, "EUR", ".");
    refused("12,50", /invalid digit grouping/, "EUR", ".");
    refused("1,00,000", /more than one decimal separator ","/, "EUR", ",");
    refused("--12", /more than one sign/);
    refused("(-12)", /more than one sign/);
    refused("-12-", /more than one sign/);
    refused("EUR 12 EUR", /names a currency twice/);
    refused("12.00 USD", /is in USD, not the account's EUR/);
    refused("$12", /not the account's EUR/);
  });

  test("empty, blank, lone signs and separators, unbalanced parentheses", () => {
    for (const raw of ["", "  ", "-", "+", ".", ",", "()", "(12", "12)", "12.", "1,", "€", "1 2"]) {
      assert.throws(() => parseAmountText(raw, { currency: "EUR", decimalSeparator: "." }), DecimalParseError, raw);
    }
  });

  test("out of range: beyond ±(10^15 − 1) minor units, in every exponent", () => {
    assert.equal(minor("9,999,999,999,999.99"), 999999999999999n);
    refused("10,000,000,000,000.00", /out of range: at most ±9999999999999.99 EUR/);
    refused("99999999999.99999", /out of range|decimal places/, "CLF", ".");
    refused("999999999999999.9999", /out of range: at most ±99999999999.9999 CLF/, "CLF", ".");
    refused("1000000000000000", /out of range/, "JPY");
  });
});

test("amountSeparatorEvidence: what one value proves about its file's decimal separator", () => {
  const cases: Array<[string, string]> = [
    ["-12.34", "."],
    ["12,5", ","],
    ["1,234.56", "."],
    ["1.234,56", ","],
    ["1.234.567", ","],
    ["1,00,000", "."],
    ["0.001", "."],
    ["1234.567", "."],
    ["-€1.234", "ambiguous"],
    ["1.234", "ambiguous"],
    ["-123,456", "ambiguous"],
    ["1 234", "none"],
    ["12", "none"],
    ["1.2.3", "invalid"],
    ["abc.d", "invalid"],
  ];
  for (const [raw, expected] of cases) assert.equal(amountSeparatorEvidence(raw), expected, raw);
});
