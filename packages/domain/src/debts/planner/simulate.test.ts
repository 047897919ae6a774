import assert from "node:assert/strict";
import { test } from "node:test";
import { percentRate } from "./rate.ts";
import { simulate } from "./simulate.ts";
import { debt, input } from "./test-debts.ts";
import type { PlanOutcome, Shortfall } from "./types.ts";

const run = (...args: Parameters<typeof simulate>): PlanOutcome => {
  const r = simulate(...args);
  if ("requiredMinor" in r) throw new Error(`unexpected shortfall in ${r.month}`);
  return r;
};
const paymentsOf = (plan: PlanOutcome, id: string) =>
  plan.schedule.flatMap((m) => m.payments.filter((p) => p.debtId === id).map((p) => ({ month: m.month, ...p })));

test("10,000.00 at 6 % paid 193.33 a month: 60 months, 1,599.68 interest, final payment 193.21", () => {
  const plan = run([debt("loan", 1_000_000n, "6", 19333n)], input(19333n));
  assert.equal(plan.months, 60);
  assert.equal(plan.debtFreeMonth, "2029-12");
  assert.equal(plan.totalInterestMinor, 159968n);
  assert.equal(plan.totalPaidMinor, 1_159_968n);
  const first = plan.schedule[0]!.payments[0]!;
  // The first month's interest is charged on the opening balance: 10,000 × 0.5 %.
  assert.deepEqual(first, {
    debtId: "loan",
    paymentMinor: 19333n,
    interestMinor: 5000n,
    principalMinor: 14333n,
    balanceMinor: 985_667n,
  });
  const last = plan.schedule.at(-1)!.payments[0]!;
  assert.equal(last.paymentMinor, 19321n);
  assert.equal(last.balanceMinor, 0n);
  // The final payment is the balance plus that month's interest.
  const before = plan.schedule.at(-2)!.payments[0]!.balanceMinor;
  assert.equal(last.paymentMinor, before + last.interestMinor);
  assert.deepEqual(plan.debts, [
    { debtId: "loan", payoffMonth: "2029-12", totalInterestMinor: 159968n, totalPaidMinor: 1_159_968n },
  ]);
});

test("a budget above the minimum shortens the term; the monthly payment stays the budget", () => {
  const plan = run([debt("loan", 1_000_000n, "6", 19333n)], input(25000n));
  assert.ok(plan.months! < 60);
  for (const m of plan.schedule.slice(0, -1)) assert.equal(m.payments[0]!.paymentMinor, 25000n);
});

test("a credit card compounded daily: each month's interest on its own day count, 2025-01 has 31 days, 2025-02 28", () => {
  const card = debt("card", 300_000n, "22.90", 50000n, { interestMethod: "daily_365" });
  const plan = run([card], input(50000n));
  const [jan, feb] = paymentsOf(plan, "card");
  assert.equal(jan!.interestMinor, 5890n); // 3,000 × ((1 + 0.229/365)^31 − 1) = 58.9004
  // February on 3,000 + 58.90 − 500 = 2,558.90 over 28 days: 2558.90 × ((1 + 0.229/365)^28 − 1) = 45.335...
  assert.equal(feb!.balanceMinor + feb!.paymentMinor - feb!.interestMinor, 255_890n);
  assert.equal(feb!.interestMinor, 4534n);
  assert.ok(Math.abs(2558.9 * ((1 + 0.229 / 365) ** 28 - 1) * 100 - 4534) < 1);
  assert.equal(plan.totalPaidMinor, 300_000n + plan.totalInterestMinor);
});

test("deferred interest: paid off inside the promotion costs nothing; a balance left is charged all the accrued interest", () => {
  const promo = { rate: percentRate("24"), from: "2025-01-01", to: "2025-06-30", kind: "deferred_interest" as const };
  const store = (balance: bigint) => debt("store", balance, "24", 15000n, { aprSchedule: [promo] });
  const inTime = run([store(90_000n)], input(15000n));
  assert.equal(inTime.totalInterestMinor, 0n);
  assert.equal(inTime.debtFreeMonth, "2025-06");

  const late = run([store(120_000n)], input(15000n));
  // At 2 % a month on the opening balances 1,200, 1,050, 900, 750, 600, 450 (no interest charged meanwhile):
  // 24 + 21 + 18 + 15 + 12 + 9 = 99.00 accrued. July charges it back plus July's own 2 % on 300 (6.00).
  const july = paymentsOf(late, "store").find((p) => p.month === "2025-07")!;
  assert.equal(july.interestMinor, 9900n + 600n);
  assert.deepEqual(
    paymentsOf(late, "store")
      .slice(0, 6)
      .map((p) => p.interestMinor),
    [0n, 0n, 0n, 0n, 0n, 0n],
  );
  assert.equal(late.totalPaidMinor, 120_000n + late.totalInterestMinor);
});

test("a promotional rate charges its own rate, and the standard rate after it ends, with nothing deferred", () => {
  const promo = { rate: percentRate("0"), from: "2025-01-01", to: "2025-02-28", kind: "promotional" as const };
  const plan = run([debt("card", 100_000n, "12", 10000n, { aprSchedule: [promo] })], input(10000n));
  assert.deepEqual(
    paymentsOf(plan, "card")
      .slice(0, 3)
      .map((p) => p.interestMinor),
    [0n, 0n, 800n], // March: 1 % of 800.00
  );
});

test("rollover in the same month: a debt paid off mid-month passes what is left to the next in line", () => {
  // Snowball, 0 %: minimums 25 + 50 = 75; the 225 left pays "small" off (75 more), and the 150 after it go to "big".
  const plan = run(
    [debt("small", 10000n, "0", 2500n), debt("big", 100_000n, "0", 5000n)],
    input(30000n, { strategy: "snowball" }),
  );
  assert.deepEqual(plan.schedule[0]!.payments, [
    { debtId: "small", paymentMinor: 10000n, interestMinor: 0n, principalMinor: 10000n, balanceMinor: 0n },
    { debtId: "big", paymentMinor: 20000n, interestMinor: 0n, principalMinor: 20000n, balanceMinor: 80000n },
  ]);
  // From month 2 the whole budget goes to "big": 800 left, 300 a month, so months 2, 3 and 4 (200).
  assert.deepEqual(
    paymentsOf(plan, "big").map((p) => p.paymentMinor),
    [20000n, 30000n, 30000n, 20000n],
  );
  assert.equal(plan.months, 4);
  assert.equal(plan.debts[0]!.payoffMonth, "2025-01");
});

test("snowflakes go to the first debt in line in their month; a negative one takes from it", () => {
  const debts = [debt("a", 50_000n, "0", 5000n), debt("b", 100_000n, "0", 5000n)];
  const extras = [
    { date: "2025-02-14", amountMinor: 20000n },
    { date: "2025-03-03", amountMinor: -5000n },
  ];
  const plan = run(debts, input(20000n, { strategy: "snowball", extras }));
  // January: 50 + 50 minimums, 100 extra to "a" (first in line: smaller balance).
  // February: 200 + the 200 snowflake: 50 to "b", 350 to "a" (it owes 350: paid off exactly).
  // March: 200 − 50 all to "b".
  assert.deepEqual(
    paymentsOf(plan, "a").map((p) => p.paymentMinor),
    [15000n, 35000n],
  );
  assert.deepEqual(
    paymentsOf(plan, "b")
      .map((p) => p.paymentMinor)
      .slice(0, 3),
    [5000n, 5000n, 15000n],
  );
  const withoutExtras = run(debts, input(20000n, { strategy: "snowball" }));
  assert.ok(plan.months! < withoutExtras.months!);
});

test("tie-breaks: snowball by balance then higher APR then creation order; avalanche by APR then lower balance", () => {
  const debts = [
    debt("first", 10000n, "10", 1000n),
    debt("second", 10000n, "20", 1000n),
    debt("third", 10000n, "20", 1000n),
  ];
  const firstTarget = (strategy: "snowball" | "avalanche") => {
    const plan = run(debts, input(5000n, { strategy }));
    return plan.schedule[0]!.payments.find((p) => p.paymentMinor > 1000n)!.debtId;
  };
  assert.equal(firstTarget("snowball"), "second");
  assert.equal(firstTarget("avalanche"), "second");
  const custom = run(debts, input(5000n, { strategy: "custom", order: ["third", "first", "second"] }));
  assert.equal(custom.schedule[0]!.payments.find((p) => p.paymentMinor > 1000n)!.debtId, "third");
});

test("a month short of its minimums is reported with the month, the money and each minimum", () => {
  const short = simulate(
    [debt("a", 100_000n, "0", 5000n), debt("b", 100_000n, "0", 7000n)],
    input(11000n),
  ) as Shortfall;
  assert.deepEqual(short, {
    month: "2025-01",
    availableMinor: 11000n,
    requiredMinor: 12000n,
    minimums: [
      { debtId: "a", name: "a", minimumMinor: 5000n },
      { debtId: "b", name: "b", minimumMinor: 7000n },
    ],
  });
});

test("a balance left at the horizon answers never instead of looping", () => {
  const plan = run([debt("a", 1_000_000n, "24", 20000n)], input(20000n, { horizonMonths: 12 }));
  assert.equal(plan.status, "never");
  assert.equal(plan.months, null);
  assert.equal(plan.debtFreeMonth, null);
  assert.equal(plan.schedule.length, 12);
  assert.equal(plan.debts[0]!.payoffMonth, null);
});

test("already paid debts are not scheduled; with nothing owed the plan is done in 0 months", () => {
  const plan = run([debt("done", 0n, "10", 100n)], input(100n));
  assert.deepEqual([plan.status, plan.months, plan.schedule.length], ["paid_off", 0, 0]);
});
