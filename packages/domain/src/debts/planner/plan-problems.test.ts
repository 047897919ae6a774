import assert from "node:assert/strict";
import { test } from "node:test";
import { AppError } from "@fincoach/errors";
import { planPayoff } from "./plan-payoff.ts";
import { smallestWorkingBudget } from "./plan-problems.ts";
import { percentRate } from "./rate.ts";
import { simulate } from "./simulate.ts";
import { debt, input } from "./test-debts.ts";

const problemOf = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("no problem raised");
};

test("a budget below the minimums names the month, each debt's minimum and the budget that would work", () => {
  const debts = [debt("Visa", 100_000n, "0", 5000n), debt("Car", 100_000n, "0", 7000n)];
  const e = problemOf(() => planPayoff(debts, input(11000n)));
  assert.equal(e.code, "VALIDATION");
  assert.equal(e.issues[0]!.path, "monthlyBudget");
  assert.match(
    e.issues[0]!.message,
    /2025-01 short: 110\.00 available for minimum payments of 120\.00 \("Visa" 50\.00, "Car" 70\.00\)/,
  );
  assert.match(e.issues[0]!.message, /at least 120\.00 would work/);
});

test("the budget that would work is the smallest: it plans, and one cent less falls short", () => {
  // Percentage minimums fall with the balance and a negative snowflake in March needs cover:
  // the answer must account for every month, not just the first.
  const debts = [
    debt("a", 250_000n, "19.99", { kind: "percent", percent: percentRate("3"), floorMinor: 2500n }),
    debt("b", 80_000n, "7", { kind: "interest_plus_percent", percent: percentRate("1"), floorMinor: 1500n }),
  ];
  const plan = input(1000n, { extras: [{ date: "2025-03-10", amountMinor: -30000n }] });
  const works = smallestWorkingBudget(debts, plan, 1000n);
  assert.ok(!("requiredMinor" in simulate(debts, { ...plan, budgetMinor: works })));
  assert.ok("requiredMinor" in simulate(debts, { ...plan, budgetMinor: works - 1n }));
  const e = problemOf(() => planPayoff(debts, plan));
  assert.match(
    e.issues[0]!.message,
    new RegExp(`at least ${(Number(works) / 100).toFixed(2).replace(".", "\\.")} would work`),
  );
});

test("a minimum below the first month's interest names the debt and the minimum that would work", () => {
  // 10,000 at 24 %: 200.00 interest in the first month; 150.00 would let the balance grow.
  const debts = [debt("ok", 10000n, "5", 1000n), debt("Store card", 1_000_000n, "24", 15000n)];
  const e = problemOf(() => planPayoff(debts, input(1_000_000n)));
  assert.deepEqual(
    e.issues.map((i) => i.path),
    ["debts.Store card.minimumPayment"],
  );
  assert.match(
    e.issues[0]!.message,
    /"Store card": the minimum payment 150\.00 does not cover 2025-01's interest 200\.00.*at least 200\.01 would work/,
  );
});

test("a deferred-interest month charges nothing, so its minimum is not negative amortization", () => {
  const promo = { rate: percentRate("24"), from: "2025-01-01", to: "2025-12-31", kind: "deferred_interest" as const };
  const plan = planPayoff([debt("tv", 120_000n, "24", 1000n, { aprSchedule: [promo] })], input(20000n));
  assert.equal(plan.status, "paid_off");
});
