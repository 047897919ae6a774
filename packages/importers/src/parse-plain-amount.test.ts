import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePlainAmount } from "./parse-plain-amount.ts";

test("machine-written amounts: sign, digits, one point or comma; exact within the currency", () => {
  const cases: Array<[string, string, bigint]> = [
    ["-6.60", "EUR", -660n],
    ["+00000000000115.8300", "USD", 11583n],
    ["9,", "EUR", 900n],
    ["1,62", "EUR", 162n],
    [".5", "EUR", 50n],
    ["1500.00", "JPY", 1500n],
  ];
  for (const [raw, currency, minor] of cases)
    assert.deepEqual(parsePlainAmount(raw, currency), { minor, currency }, raw);
});

test("grouping, two separators, exponents, more decimals and out of range are messages, not amounts", () => {
  const cases: Array<[string, RegExp]> = [
    ["1.2.3", /not a number/],
    ["1,234.56", /not a number/],
    ["1E3", /not a number/],
    ["-", /not a number/],
    ["1.005", /more than 2 decimal places for EUR/],
    ["10000000000000", /out of range: at most ±9999999999999\.99 EUR/],
    ["99999999999999999999", /out of range/],
  ];
  for (const [raw, message] of cases) {
    const result = parsePlainAmount(raw, "EUR");
    assert.equal(typeof result, "string", raw);
    assert.match(result as string, message, raw);
  }
});
