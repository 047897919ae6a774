import assert from "node:assert/strict";
import { test } from "node:test";
import { monthInterest } from "./interest.ts";
import { percentRate } from "./rate.ts";

/** Half-to-even division written out separately from @fincoach/money's, for positive values. */
const roundHalfEven = (num: bigint, den: bigint): bigint => {
  const q = num / den;
  const twice = 2n * (num % den);
  return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
};

test("monthly: APR/12 on the opening balance, rounded once: 10,000.00 at 6 % is 50.00, at 22.90 % 190.83", () => {
  assert.equal(monthInterest(1_000_000n, percentRate("6"), "monthly", 31), 5000n);
  // 10,000 × 0.229 / 12 = 190.8333...
  assert.equal(monthInterest(1_000_000n, percentRate("22.90"), "monthly", 28), 19083n);
});

test("daily compounding equals compounding day by day with exact fractions, then one rounding", () => {
  for (const [balance, apr, method, days] of [
    [300_000n, "22.90", "daily_365", 31],
    [300_000n, "22.90", "daily_360", 30],
    [123_457n, "29.99", "daily_365", 28],
    [99n, "0.01", "daily_365", 29],
  ] as const) {
    // Independently: multiply the balance by (1 + r/D) once per day, as a fraction num/den.
    const r = percentRate(apr);
    const D = method === "daily_365" ? 365n : 360n;
    let num = balance;
    let den = 1n;
    for (let d = 0; d < days; d++) {
      num *= r.den * D + r.num;
      den *= r.den * D;
    }
    const expected = roundHalfEven(num - balance * den, den);
    assert.equal(monthInterest(balance, r, method, days), expected, `${balance} ${apr} ${method} ${days}`);
  }
});

test("a 3,000.00 card at 22.90 % compounded daily over January (31 days) charges 58.90", () => {
  // 3000 × ((1 + 0.229/365)^31 − 1) = 58.9004... (checked against a float within a cent)
  const interest = monthInterest(300_000n, percentRate("22.90"), "daily_365", 31);
  assert.equal(interest, 5890n);
  assert.ok(Math.abs(3000 * ((1 + 0.229 / 365) ** 31 - 1) * 100 - Number(interest)) < 1);
});

test("no interest on a zero balance or at 0 %", () => {
  assert.equal(monthInterest(0n, percentRate("20"), "monthly", 31), 0n);
  assert.equal(monthInterest(100_000n, percentRate("0"), "daily_365", 31), 0n);
});
