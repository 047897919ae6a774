import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, alerts, budgets, categories, imports, recurringStreams, transactions, users } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq } from "drizzle-orm";
import { acknowledgeAlert } from "./acknowledge-alert.ts";
import type { AlertSink } from "./alert-sink.ts";
import type { AlertView } from "./alert-view.ts";
import { evaluateAlertsForTransactions } from "./evaluate-alerts.ts";
import { evaluateAlertsQuietly } from "./evaluate-alerts-quietly.ts";
import { evaluateImportAlerts } from "./evaluate-import-alerts.ts";
import { listAlerts } from "./list-alerts.ts";
import { muteAlerts } from "./mute-alerts.ts";
import { unmuteAlerts } from "./unmute-alerts.ts";

/** Today is 2026-04-20 (UTC): 20 of April's 30 days have elapsed. */
const NOW = new Date("2026-04-20T12:00:00Z");

describe("alert evaluation", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  /** A sink that records what it is handed, as webhooks or the event stream would receive it. */
  const recordingSink = () => {
    const seen: { userId: string; alerts: AlertView[] }[] = [];
    const sink: AlertSink = { name: "test", raised: async (userId, a) => void seen.push({ userId, alerts: [...a] }) };
    return { sink, seen };
  };

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
    const [groceries] = await db
      .insert(categories)
      .values({ userId, name: "Groceries", kind: "expense", parentId: food!.id })
      .returning();
    const [transfer] = await db.insert(categories).values({ userId, name: "Transfer", kind: "transfer" }).returning();
    const add = async (
      date: string,
      amountMinor: bigint,
      p: { merchant?: string; categoryId?: string | null; externalId?: string; importId?: string } = {},
    ) => {
      const [row] = await db
        .insert(transactions)
        .values({
          userId,
          accountId: account!.id,
          date,
          amountMinor,
          currency: "EUR",
          description: p.merchant ?? "Market",
          merchant: p.merchant ?? "Market",
          categoryId: p.categoryId === undefined ? groceries!.id : p.categoryId,
          externalId: p.externalId,
          importId: p.importId,
        })
        .returning({ id: transactions.id });
      return row!.id;
    };
    const budgetOnFood = async () =>
      (
        await db
          .insert(budgets)
          .values({
            userId,
            categoryId: food!.id,
            period: "monthly",
            amountMinor: 30000n,
            currency: "EUR",
            startDate: "2026-01-01",
          })
          .returning()
      )[0]!.id;
    const evaluate = (ids: string[], o: { sinks?: AlertSink[]; batchSize?: number } = {}) =>
      evaluateAlertsForTransactions(db, userId, ids, { now: NOW, ...o });
    return {
      ctx: { db, userId },
      userId,
      accountId: account!.id,
      food: food!.id,
      groceries: groceries!.id,
      transfer: transfer!.id,
      add,
      budgetOnFood,
      evaluate,
    };
  };

  test("budget projected to overrun, then over: each raised once per period, on a budget over the child's group", async () => {
    const p = await setup();
    const budgetId = await p.budgetOnFood();
    const { sink, seen } = recordingSink();
    const first = [await p.add("2026-04-02", -10000n), await p.add("2026-04-10", -12000n)];
    // 220.00 after 20 of 30 days, no history: linear projection 220 × 30 / 20 = 330.00 > 300.00
    const raised = await p.evaluate(first, { sinks: [sink] });
    assert.equal(raised.length, 1);
    assert.equal(raised[0]!.kind, "budget_projected_overrun");
    assert.equal(raised[0]!.budgetId, budgetId);
    assert.equal(raised[0]!.periodStart, "2026-04-01");
    assert.deepEqual(raised[0]!.details, {
      currency: "EUR",
      periodEnd: "2026-04-30",
      today: "2026-04-20",
      spent: "220.00",
      available: "300.00",
      projected: "330.00",
      basis: "linear",
      // expected 300 × 20 / 30 = 200.00: 20 × (200 − 220) / 200 = −2 days
      daysAhead: -2,
    });
    assert.deepEqual(seen, [{ userId: p.userId, alerts: raised }]);
    // Evaluated again (a retried job, a re-import): nothing new, and the sink hears nothing.
    assert.deepEqual(await p.evaluate(first, { sinks: [sink] }), []);
    assert.equal(seen.length, 1);
    // Another charge takes it over 300.00: budget_over, once.
    const third = await p.add("2026-04-20", -9000n);
    const over = await p.evaluate([third]);
    assert.deepEqual(
      over.map((a) => [a.kind, a.details.spent, a.details.over]),
      [["budget_over", "310.00", "10.00"]],
    );
    assert.deepEqual(await p.evaluate([third]), []);
  });

  test("a transfer-kind category, or an old arrival, raises no transaction alert", async () => {
    const p = await setup();
    const dupA = await p.add("2026-04-18", -5000n, { categoryId: p.transfer, merchant: "Own" });
    const dupB = await p.add("2026-04-18", -5000n, { categoryId: p.transfer, merchant: "Own" });
    assert.deepEqual(await p.evaluate([dupA, dupB]), []);
    // 31 days before today: history, not news.
    const oldA = await p.add("2026-03-20", -2500n, { merchant: "Shop" });
    const oldB = await p.add("2026-03-20", -2500n, { merchant: "Shop" });
    assert.deepEqual(await p.evaluate([oldA, oldB]), []);
    // The same pair a day later is recent: one duplicate alert for the pair, even evaluated in batches of one.
    const newA = await p.add("2026-03-21", -2600n, { merchant: "Shop" });
    const newB = await p.add("2026-03-21", -2600n, { merchant: "Shop" });
    const raised = await p.evaluate([newA, newB], { batchSize: 1 });
    assert.deepEqual(
      raised.map((a) => a.kind),
      ["duplicate_charge"],
    );
    // A twin dated after the arrival (stored earlier, dated two days later) is found too.
    const later = await p.add("2026-04-21", -2700n, { merchant: "Later" });
    const arrival = await p.add("2026-04-19", -2700n, { merchant: "Later" });
    assert.deepEqual(
      (await p.evaluate([arrival])).map((a) => [a.kind, a.details.otherTransactionId]),
      [["duplicate_charge", later]],
    );
  });

  test("mutes: a muted kind or category (a group mutes its children) is not raised; unmuted, new causes are", async () => {
    const p = await setup();
    const byCategory = await muteAlerts({ ctx: p.ctx, input: { categoryId: p.food } });
    assert.equal(byCategory.created, true);
    assert.equal((await muteAlerts({ ctx: p.ctx, input: { categoryId: p.food } })).created, false);
    const a = [await p.add("2026-04-15", -700n), await p.add("2026-04-16", -700n)];
    assert.deepEqual(await p.evaluate(a), []);
    await unmuteAlerts({ ctx: p.ctx, input: { id: byCategory.mute.id } });
    const byKind = await muteAlerts({ ctx: p.ctx, input: { kind: "duplicate_charge" } });
    const b = [await p.add("2026-04-17", -800n), await p.add("2026-04-17", -800n)];
    assert.deepEqual(await p.evaluate(b), []);
    await unmuteAlerts({ ctx: p.ctx, input: { id: byKind.mute.id } });
    // Unmuted: a new pair is raised.
    const c = [await p.add("2026-04-18", -900n), await p.add("2026-04-18", -900n)];
    assert.deepEqual(
      (await p.evaluate(c)).map((x) => x.kind),
      ["duplicate_charge"],
    );
    // Someone else's category cannot be muted.
    const other = await setup();
    await assert.rejects(muteAlerts({ ctx: p.ctx, input: { categoryId: other.food } }), { code: "NOT_FOUND" });
  });

  test("subscription price change from a recurring stream the arrival belongs to, once per change", async () => {
    const p = await setup();
    const ids = [
      await p.add("2026-02-05", -999n, { merchant: "Streamy", categoryId: null }),
      await p.add("2026-03-05", -1299n, { merchant: "Streamy", categoryId: null }),
      await p.add("2026-04-05", -1299n, { merchant: "Streamy", categoryId: null }),
    ];
    const [stream] = await database.db
      .insert(recurringStreams)
      .values({
        userId: p.userId,
        accountId: p.accountId,
        merchantKey: "streamy",
        direction: "outflow",
        cadence: "monthly",
        currency: "EUR",
        occurrences: 3,
        firstDate: "2026-02-05",
        lastDate: "2026-04-05",
        averageMinor: -1199n,
        lastAmountMinor: -1299n,
        predictedNextDate: "2026-05-05",
        followingDate: "2026-06-05",
        priceChange: { previousMinor: "-999", amountMinor: "-1299", since: "2026-03-05", confirmedOn: "2026-04-05" },
        transactionIds: ids,
      })
      .returning();
    const raised = await p.evaluate([ids[2]!]);
    assert.deepEqual(
      raised.map((a) => [a.kind, a.details]),
      [
        [
          "subscription_price_change",
          {
            currency: "EUR",
            streamId: stream!.id,
            name: "streamy",
            previous: "9.99",
            amount: "12.99",
            change: "3.00",
            since: "2026-03-05",
            confirmedOn: "2026-04-05",
          },
        ],
      ],
    );
    assert.deepEqual(await p.evaluate([ids[2]!]), []);
  });

  test("an import's rows are evaluated by import id, old ones skipped; a failing sink or evaluation never throws", async () => {
    const p = await setup();
    const [imported] = await database.db
      .insert(imports)
      .values({ userId: p.userId, accountId: p.accountId, format: "csv", fileSha256: "x", status: "completed" })
      .returning();
    const importId = imported!.id;
    const failing: AlertSink = {
      name: "broken",
      raised: async () => {
        throw new Error("down");
      },
    };
    const warnings: string[] = [];
    const warn = (message: string) => void warnings.push(message);
    // Two years ago: outside every current period, never read back.
    await p.add("2024-04-19", -4200n, { merchant: "Twice", importId });
    await p.add("2024-04-19", -4200n, { merchant: "Twice", importId });
    const a = await p.add("2026-04-19", -4200n, { merchant: "Twice", categoryId: null, importId });
    const b = await p.add("2026-04-19", -4200n, { merchant: "Twice", categoryId: null, importId });
    const raised = await evaluateImportAlerts(database.db, p.userId, importId, { now: NOW, sinks: [failing], warn });
    assert.deepEqual(
      raised.map((x) => [x.kind, x.transactionId === a || x.transactionId === b]),
      [["duplicate_charge", true]],
    );
    assert.deepEqual(warnings, ["cannot deliver alerts"]);
    // Stored despite the sink; re-running raises nothing.
    assert.equal((await database.db.select().from(alerts).where(eq(alerts.userId, p.userId))).length, 1);
    assert.deepEqual(await evaluateImportAlerts(database.db, p.userId, importId, { now: NOW, warn }), []);
    // A database failure (an id that is not a uuid) is logged, not thrown.
    assert.deepEqual(await evaluateAlertsQuietly(database.db, p.userId, ["not-a-uuid"], { now: NOW, warn }), []);
    assert.ok(warnings.includes("alert evaluation failed"));
  });

  test("list with filters and pages; acknowledge is idempotent; another person's alert is NOT_FOUND", async () => {
    const p = await setup();
    for (const day of ["2026-04-11", "2026-04-12", "2026-04-13"]) {
      const pair = [await p.add(day, -333n, { merchant: day }), await p.add(day, -333n, { merchant: day })];
      await p.evaluate(pair);
    }
    const page1 = await listAlerts({ ctx: p.ctx, input: { limit: 2 } });
    assert.equal(page1.items.length, 2);
    assert.ok(page1.nextCursor);
    const page2 = await listAlerts({ ctx: p.ctx, input: { limit: 2, cursor: page1.nextCursor! } });
    assert.equal(page2.items.length, 1);
    assert.equal(page2.nextCursor, null);
    const all = [...page1.items, ...page2.items];
    assert.equal(new Set(all.map((a) => a.id)).size, 3);
    const acked = await acknowledgeAlert({ ctx: p.ctx, input: { id: all[0]!.id } });
    assert.ok(acked.acknowledgedAt);
    assert.equal(
      (await acknowledgeAlert({ ctx: p.ctx, input: { id: all[0]!.id } })).acknowledgedAt,
      acked.acknowledgedAt,
    );
    assert.equal((await listAlerts({ ctx: p.ctx, input: { acknowledged: "true" } })).items.length, 1);
    assert.equal((await listAlerts({ ctx: p.ctx, input: { acknowledged: "false" } })).items.length, 2);
    assert.equal((await listAlerts({ ctx: p.ctx, input: { kind: "budget_over" } })).items.length, 0);
    assert.equal((await listAlerts({ ctx: p.ctx, input: { since: "2999-01-01T00:00:00Z" } })).items.length, 0);
    await assert.rejects(listAlerts({ ctx: p.ctx, input: { cursor: "nope" } }), { code: "VALIDATION" });
    const other = await setup();
    await assert.rejects(acknowledgeAlert({ ctx: other.ctx, input: { id: all[0]!.id } }), { code: "NOT_FOUND" });
    assert.equal((await listAlerts({ ctx: other.ctx, input: {} })).items.length, 0);
  });
});
