import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, budgets, categories, goals, recurringStreams, transactions, users } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { createDebt } from "../debts/create-debt.ts";
import { createPlan } from "../debts/create-plan.ts";
import type { Ctx } from "../shared/context.ts";
import { budgetSlipFacts } from "./budget-slip-facts.ts";
import { debtFacts } from "./debt-facts.ts";
import { goalProgressFacts } from "./goal-progress-facts.ts";
import { subscriptionUnusedFacts } from "./subscription-unused-facts.ts";

describe("nudge facts: when a cause is (not) there", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  const person = async (): Promise<Ctx & { accountId: string }> => {
    const db = database.db;
    const [u] = await db
      .insert(users)
      .values({ email: `u${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
      .returning();
    const [a] = await db
      .insert(accounts)
      .values({ userId: u!.id, name: "Checking", type: "checking", currency: "EUR" })
      .returning();
    return { db, userId: u!.id, accountId: a!.id };
  };

  const budgetWithSpending = async (ctx: Ctx & { accountId: string }, spentMinor: bigint) => {
    const [c] = await ctx.db
      .insert(categories)
      .values({ userId: ctx.userId, name: "Dining", kind: "expense" })
      .returning();
    await ctx.db.insert(budgets).values({
      userId: ctx.userId,
      categoryId: c!.id,
      period: "monthly",
      amountMinor: 30_000n,
      currency: "EUR",
      startDate: "2026-04-01",
    });
    await ctx.db.insert(transactions).values({
      userId: ctx.userId,
      accountId: ctx.accountId,
      date: "2026-04-02",
      amountMinor: -spentMinor,
      currency: "EUR",
      description: "dinner",
      categoryId: c!.id,
    });
  };

  test("budget slip on the period's last day: no day left, the whole remainder is the allowance", async () => {
    const ctx = await person();
    await budgetWithSpending(ctx, 29_000n);
    // 290.00 of 300.00 spent on day 30 of 30: projected 290.00 is not over, so no slip...
    assert.deepEqual(await budgetSlipFacts(ctx, "2026-04-30", "UTC"), []);
    // ...but on day 29 it projects 300.00 (290 × 30/29 = 300.00): still not over.
    assert.deepEqual(await budgetSlipFacts(ctx, "2026-04-29", "UTC"), []);
    const over = await person();
    await budgetWithSpending(over, 31_000n);
    const [slip] = await budgetSlipFacts(over, "2026-04-30", "UTC");
    assert.deepEqual(slip?.facts, {
      budget: "Dining",
      currency: "EUR",
      spent: "310.00",
      available: "300.00",
      projected: "310.00",
      overrun: "10.00",
      left: "0.00",
      daysLeft: 0,
      dailyAllowance: "0.00",
      periodEnd: "2026-04-30",
    });
    assert.equal(slip?.causeKey.endsWith(":2026-04-01"), true, "once per budget and period");
  });

  test("a budget on pace makes no slip", async () => {
    const ctx = await person();
    await budgetWithSpending(ctx, 5_000n);
    assert.deepEqual(await budgetSlipFacts(ctx, "2026-04-15", "UTC"), []);
  });

  test("a goal with nothing saved makes no nudge", async () => {
    const ctx = await person();
    await ctx.db.insert(goals).values({ userId: ctx.userId, name: "Car", targetMinor: 100_000n, currency: "EUR" });
    assert.deepEqual(await goalProgressFacts(ctx, "2026-04-15"), []);
  });

  test("debts: no saved plan, no starting point, no nudge; nothing paid since the plan, no progress nudge", async () => {
    const ctx = await person();
    const input = { name: "Loan", balance: "1000.00", currency: "EUR", apr: "5.00" };
    await createDebt({ ctx, input: { ...input, minimumPayment: { kind: "fixed", amount: "50.00" } } });
    assert.deepEqual(await debtFacts(ctx, "2026-04-15"), []);
    await createPlan({ ctx, input: { strategy: "avalanche", monthlyBudget: "50.00", startDate: "2026-03-01" } });
    assert.deepEqual(await debtFacts(ctx, "2026-04-15"), [], "the balance has not gone down since the plan");
  });

  test("subscriptions: only mature, unconfirmed, charging for 3 months or more", async () => {
    const ctx = await person();
    const stream = {
      userId: ctx.userId,
      accountId: ctx.accountId,
      direction: "outflow" as const,
      cadence: "monthly" as const,
      currency: "EUR",
      occurrences: 6,
      firstDate: "2025-11-05",
      lastDate: "2026-04-05",
      averageMinor: -999n,
      lastAmountMinor: -999n,
      predictedNextDate: "2026-05-05",
      followingDate: "2026-06-05",
      transactionIds: [],
    };
    await ctx.db.insert(recurringStreams).values([
      { ...stream, merchantKey: "unconfirmed" },
      { ...stream, merchantKey: "confirmed", confirmedAt: new Date("2026-01-01T00:00:00Z") },
      { ...stream, merchantKey: "young", occurrences: 2, firstDate: "2026-03-05" },
      { ...stream, merchantKey: "new", firstDate: "2026-02-05", occurrences: 3 },
      { ...stream, merchantKey: "income", direction: "inflow" as const, averageMinor: 999n, lastAmountMinor: 999n },
    ]);
    const found = await subscriptionUnusedFacts(ctx, "2026-04-20");
    assert.deepEqual(
      found.map((f) => f.facts.subscription),
      ["unconfirmed"],
    );
    assert.deepEqual(found[0]?.facts, {
      subscription: "unconfirmed",
      currency: "EUR",
      amount: "9.99",
      cadence: "monthly",
      months: 5,
      yearly: "119.88",
    });
    // Two charges missed: the stream has ended by itself, no nudge.
    assert.deepEqual(await subscriptionUnusedFacts(ctx, "2026-07-20"), []);
  });
});
