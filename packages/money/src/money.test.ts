import assert from "node:assert/strict";
import { test } from "node:test";
import { currencyExponent, isCurrencyCode } from "./currency.ts";
import { DecimalParseError, parseDecimal } from "./decimal.ts";
import { formatDecimal } from "./decimal-format.ts";
import { add, allocate, divideRoundHalfEven, money, multiplyRatio, sum } from "./money.ts";

test("ISO 4217 exponents: JPY 0, EUR 2, BHD 3, CLF 4; unknown codes rejected", () => {
  assert.deepEqual(["JPY", "EUR", "BHD", "CLF"].map(currencyExponent), [0, 2, 3, 4]);
  assert.equal(isCurrencyCode("XYZ"), false);
  assert.equal(isCurrencyCode("eur"), false);
  assert.throws(() => currencyExponent("XYZ"), /unknown currency/);
});

test("parseDecimal is exact and refuses to round", () => {
  assert.equal(parseDecimal("-12.34", "EUR").minor, -1234n);
  assert.equal(parseDecimal("0.1", "USD").minor, 10n);
  assert.equal(parseDecimal("12.300", "EUR").minor, 1230n);
  assert.equal(parseDecimal("9999999999999.99", "USD").minor, 999999999999999n);
  assert.equal(parseDecimal("1500.00", "JPY").minor, 1500n); // trailing zeros do not change the value
  assert.throws(() => parseDecimal("1.005", "USD"), DecimalParseError);
  assert.throws(() => parseDecimal("1.5", "JPY"), DecimalParseError);
  for (const bad of ["1e3", "1,000", "", "--1", "1.", "abc"])
    assert.throws(() => parseDecimal(bad, "USD"), DecimalParseError, bad);
});

test("formatDecimal pads to the currency's exponent", () => {
  assert.equal(formatDecimal(money(-5n, "USD")), "-0.05");
  assert.equal(formatDecimal(money(1500n, "JPY")), "1500");
  assert.equal(formatDecimal(money(1500n, "BHD")), "1.500");
  assert.equal(formatDecimal(money(0n, "EUR")), "0.00");
});

test("divideRoundHalfEven rounds ties to even in both signs", () => {
  const cases: Array<[bigint, bigint, bigint]> = [
    [5n, 2n, 2n],
    [7n, 2n, 4n],
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [10n, 3n, 3n],
    [11n, 3n, 4n],
    [5n, -2n, -2n],
  ];
  for (const [n, d, q] of cases) assert.equal(divideRoundHalfEven(n, d), q, `${n}/${d}`);
  assert.equal(multiplyRatio(money(1001n, "USD"), 3n, 100n).minor, 30n);
});

test("allocate splits exactly, largest remainders first", () => {
  assert.deepEqual(
    allocate(money(1000n, "USD"), [1n, 1n, 1n]).map((m) => m.minor),
    [334n, 333n, 333n],
  );
  assert.deepEqual(
    allocate(money(-1000n, "USD"), [1n, 1n, 1n]).map((m) => m.minor),
    [-334n, -333n, -333n],
  );
  assert.deepEqual(
    allocate(money(100n, "USD"), [70n, 20n, 10n]).map((m) => m.minor),
    [70n, 20n, 10n],
  );
  assert.throws(() => allocate(money(1n, "USD"), []), RangeError);
  assert.throws(() => allocate(money(1n, "USD"), [0n]), RangeError);
});

test("mixing currencies is an error, never a silent sum", () => {
  assert.throws(() => add(money(1n, "USD"), money(1n, "EUR")), /currency mismatch/);
  assert.throws(() => sum("USD", [money(1n, "EUR")]), /currency mismatch/);
  assert.equal(sum("USD", []).minor, 0n);
});
