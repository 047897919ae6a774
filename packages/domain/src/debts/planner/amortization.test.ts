import assert from "node:assert/strict";
import { test } from "node:test";
import { simulate } from "./simulate.ts";
import { debt, input } from "./test-debts.ts";
import type { PlanOutcome } from "./types.ts";

/**
 * A textbook amortization written without the planner: the level payment from the annuity
 * formula P·r / (1 − (1 + r)^−n), exact in fractions and rounded UP to the cent (so n months
 * suffice), then the table with interest rounded half to even each month.
 */
const levelPayment = (principal: bigint, aprHundredths: bigint, n: number): bigint => {
  // r = apr / 1200 with apr in hundredths of a percent: r = aprH / 120000.
  const rNum = aprHundredths;
  const rDen = 120_000n;
  const grow = (rDen + rNum) ** BigInt(n);
  const base = rDen ** BigInt(n);
  // P·r·(1+r)^n / ((1+r)^n − 1) = P·rNum·grow / (rDen·(grow − base))
  const num = principal * rNum * grow;
  const den = rDen * (grow - base);
  return (num + den - 1n) / den;
};

const table = (principal: bigint, aprHundredths: bigint, payment: bigint) => {
  const rows: { payment: bigint; interest: bigint; balance: bigint }[] = [];
  let balance = principal;
  while (balance > 0n) {
    const num = balance * aprHundredths;
    const den = 120_000n;
    const q = num / den;
    const twice = 2n * (num % den);
    const interest = twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
    const pay = payment < balance + interest ? payment : balance + interest;
    balance = balance + interest - pay;
    rows.push({ payment: pay, interest, balance });
  }
  return rows;
};

const planned = (p: PlanOutcome) =>
  p.schedule
    .map((m) => m.payments[0]!)
    .map(({ paymentMinor, interestMinor, balanceMinor }) => ({
      payment: paymentMinor,
      interest: interestMinor,
      balance: balanceMinor,
    }));

test("the annuity formula gives 193.33 for 10,000.00 at 6 % over 60 months", () => {
  assert.equal(levelPayment(1_000_000n, 600n, 60), 19333n);
});

test("the planner's schedule equals an independent amortization table, row by row", () => {
  for (const [principal, apr, n] of [
    [1_000_000n, 600n, 60],
    [2_500_000n, 449n, 360],
    [73_519n, 2299n, 24],
    [500_000n, 0n, 12],
  ] as const) {
    const payment = apr === 0n ? (principal + BigInt(n) - 1n) / BigInt(n) : levelPayment(principal, apr, n);
    const aprText = `${apr / 100n}.${String(apr % 100n).padStart(2, "0")}`;
    const plan = simulate([debt("loan", principal, aprText, payment)], input(payment)) as PlanOutcome;
    const expected = table(principal, apr, payment);
    assert.equal(expected.length, n, `${principal} ${aprText}: ${n} months`);
    assert.deepEqual(planned(plan), expected, `${principal} at ${aprText}`);
  }
});
