import assert from "node:assert/strict";
import { test } from "node:test";
import { DecimalParseError, parseAmountText } from "@fincoach/money";
import fc from "fast-check";
import { fastAmount } from "./fast-amount.ts";

const decimal = fc.constantFrom<"." | "," | undefined>(".", ",", undefined);
const currency = fc.constantFrom("JPY", "EUR", "BHD", "CLF");
const simpleish = fc
  .array(fc.constantFrom(..."0123456789012345678901234567890123456789.,-+ "), { minLength: 1, maxLength: 22 })
  .map((c) => c.join(""));

test("the fast path agrees with the grammar whenever it answers", () => {
  fc.assert(
    fc.property(simpleish, currency, decimal, (text, cur, sep) => {
      const fast = fastAmount(text, cur, sep);
      if (!fast) return;
      assert.deepEqual(parseAmountText(text, { currency: cur, decimalSeparator: sep }), fast, text);
    }),
    { numRuns: 20_000 },
  );
});

test("the fast path answers the common cells, and leaves the rest to the grammar", () => {
  assert.deepEqual(fastAmount("-12.34", "EUR", "."), { minor: -1234n, currency: "EUR" });
  assert.deepEqual(fastAmount("1234,5", "EUR", ","), { minor: 123450n, currency: "EUR" });
  assert.deepEqual(fastAmount("1500", "JPY", undefined), { minor: 1500n, currency: "JPY" });
  for (const [text, sep] of [
    ["1.234", ","], // grouping, not a decimal point
    ["12.50", undefined], // no decided separator
    ["1500.00", "."], // JPY trailing zeros: the grammar decides
    ["999999999999999", "."], // beyond the range in EUR
  ] as const) {
    assert.equal(fastAmount(text, text === "1500.00" ? "JPY" : "EUR", sep), undefined, text);
  }
  assert.throws(() => parseAmountText("999999999999999", { currency: "EUR" }), DecimalParseError);
});
