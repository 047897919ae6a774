import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, budgets, categories, transactions, users } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { getBudgetPace } from "./get-budget-pace.ts";

describe("budget pace", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  /** A person with one account, a Food category and a monthly 300.00 EUR budget on it from 2026-01-01. */
  const setup = async () => {
    const db = database.db;
    const [user] = await db
      .insert(users)
      .values({ email: `u${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
      .returning();
    const userId = user!.id;
    const [account] = await db
      .insert(accounts)
      .values({ userId, name: "Checking", type: "checking", currency: "EUR" })
      .returning();
    const [food] = await db.insert(categories).values({ userId, name: "Food", kind: "expense" }).returning();
    const [budget] = await db
      .insert(budgets)
      .values({
        userId,
        categoryId: food!.id,
        period: "monthly",
        amountMinor: 30000n,
        currency: "EUR",
        startDate: "2026-01-01",
      })
      .returning();
    const spend = (date: string, amountMinor: bigint) =>
      db.insert(transactions).values({
        userId,
        accountId: account!.id,
        date,
        amountMinor,
        currency: "EUR",
        description: "shop",
        categoryId: food!.id,
      });
    return { ctx: { db, userId }, budgetId: budget!.id, spend };
  };

  test("linear pace in the person's time zone: on 15 April 02:00 UTC it is still the 14th in Los Angeles", async () => {
    const { ctx, budgetId, spend } = await setup();
    await spend("2026-04-03", -10000n);
    await spend("2026-04-10", -4000n);
    const now = new Date("2026-04-15T02:00:00Z");
    const la = await getBudgetPace({ ctx, input: { id: budgetId, timeZone: "America/Los_Angeles" }, now });
    // 14 of 30 days: 300.00 × 14 / 30 = 140.00 = spent; projected 140 × 30 / 14 = 300.00
    assert.deepEqual(
      { ...la, budgetId: undefined },
      {
        budgetId: undefined,
        currency: "EUR",
        timeZone: "America/Los_Angeles",
        today: "2026-04-14",
        start: "2026-04-01",
        end: "2026-04-30",
        days: 30,
        elapsedDays: 14,
        spent: "140.00",
        available: "300.00",
        basis: "linear",
        expected: "140.00",
        daysAhead: 0,
        projected: "300.00",
        status: "on_pace",
        projectedOverrun: false,
        linear: { expected: "140.00", share: "0.4667", daysAhead: 0, projected: "300.00" },
        learned: null,
      },
    );
    const utc = await getBudgetPace({ ctx, input: { id: budgetId }, now });
    // 15 of 30: expected 150.00; 15 × (150 − 140) / 150 = 1.0 day under; projected 140 × 30 / 15 = 280.00
    assert.equal(utc.today, "2026-04-15");
    assert.deepEqual(utc.linear, { expected: "150.00", share: "0.5000", daysAhead: 1, projected: "280.00" });
    assert.equal(utc.status, "under_pace");
  });

  test("learned pace: the mean share by the matching day over past months with spending; a net refund month is skipped", async () => {
    const { ctx, budgetId, spend } = await setup();
    // February (28 days): day 15 of 30 matches day ceil(15 × 28 / 30) = 14: 60 of 200 = 0.3
    await spend("2026-02-05", -6000n);
    await spend("2026-02-20", -14000n);
    // March (31 days): day ceil(15 × 31 / 30) = 16: 100 of 200 = 0.5
    await spend("2026-03-10", -5000n);
    await spend("2026-03-16", -5000n);
    await spend("2026-03-25", -10000n);
    // January: a net refund (total -10.00 spent): no share to learn from.
    await spend("2026-01-08", 1000n);
    // April so far: 140.00
    await spend("2026-04-03", -10000n);
    await spend("2026-04-10", -4000n);
    const pace = await getBudgetPace({ ctx, input: { id: budgetId, asOf: "2026-04-15" } });
    // mean share 0.4: expected 300 × 0.4 = 120.00; 15 × (120 − 140) / 120 = −2.5; projected 140 / 0.4 = 350.00
    assert.equal(pace.basis, "learned");
    assert.deepEqual(pace.learned, {
      expected: "120.00",
      share: "0.4000",
      daysAhead: -2.5,
      projected: "350.00",
      periods: 2,
    });
    assert.equal(pace.expected, "120.00");
    assert.equal(pace.daysAhead, -2.5);
    assert.equal(pace.projected, "350.00");
    assert.equal(pace.status, "over_pace");
    assert.equal(pace.projectedOverrun, true);
    assert.deepEqual(pace.linear, { expected: "150.00", share: "0.5000", daysAhead: 1, projected: "280.00" });
  });

  test("one past month with spending is not enough history: linear", async () => {
    const { ctx, budgetId, spend } = await setup();
    await spend("2026-03-10", -5000n);
    await spend("2026-04-10", -4000n);
    const pace = await getBudgetPace({ ctx, input: { id: budgetId, asOf: "2026-04-15" } });
    assert.equal(pace.basis, "linear");
    assert.equal(pace.learned, null);
  });

  test("someone else's budget is NOT_FOUND; a bad time zone is VALIDATION", async () => {
    const a = await setup();
    const b = await setup();
    await assert.rejects(getBudgetPace({ ctx: b.ctx, input: { id: a.budgetId } }), { code: "NOT_FOUND" });
    await assert.rejects(getBudgetPace({ ctx: a.ctx, input: { id: a.budgetId, timeZone: "Nowhere/Land" } }), {
      code: "VALIDATION",
    });
  });
});
