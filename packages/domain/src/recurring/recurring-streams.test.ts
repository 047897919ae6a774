import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, recurringStreams, transactions, users } from "@fincoach/db";
import { isAppError } from "@fincoach/errors";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { confirmRecurring } from "./confirm-recurring.ts";
import { endRecurring } from "./end-recurring.ts";
import { getRecurring } from "./get-recurring.ts";
import { listRecurring } from "./list-recurring.ts";
import { refreshRecurringAfterWrite } from "./refresh-after-write.ts";
import { refreshRecurring } from "./refresh-recurring.ts";
import { renameRecurring } from "./rename-recurring.ts";

describe("recurring streams (use cases on PostgreSQL)", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  const person = async (): Promise<{ ctx: Ctx; accountId: string }> => {
    const [user] = await database.db
      .insert(users)
      .values({ email: `r${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
      .returning();
    const [account] = await database.db
      .insert(accounts)
      .values({ userId: user!.id, name: "Current", type: "checking", currency: "EUR" })
      .returning();
    return { ctx: { db: database.db, userId: user!.id }, accountId: account!.id };
  };

  const charge = (p: { ctx: Ctx; accountId: string }, date: string, amountMinor: bigint, description: string) =>
    database.db
      .insert(transactions)
      .values({ userId: p.ctx.userId, accountId: p.accountId, date, amountMinor, currency: "EUR", description })
      .returning()
      .then((r) => r[0]!);

  test("a refresh by transaction ids (the worker's categorize job) finds the stream, and never reads another person's rows", async () => {
    const p = await person();
    const other = await person();
    const ids: string[] = [];
    for (const d of ["2024-01-03", "2024-02-03", "2024-03-04"]) {
      ids.push((await charge(p, d, -1599n, "NETFLIX.COM 866-579-7172")).id);
    }
    const foreign = await charge(other, "2024-03-05", -999n, "SPOTIFY P0123");
    assert.deepEqual(await refreshRecurringAfterWrite({ ctx: other.ctx, transactionIds: ids }), {
      created: 0,
      updated: 0,
      removed: 0,
    });
    assert.deepEqual(await refreshRecurringAfterWrite({ ctx: p.ctx, transactionIds: [...ids, foreign.id] }), {
      created: 1,
      updated: 0,
      removed: 0,
    });
    const [s] = await listRecurring({ ctx: p.ctx, input: {}, today: "2024-03-10" });
    assert.deepEqual([s!.name, s!.cadence, s!.occurrences], ["netflix", "monthly", 3]);
  });

  test("a monthly subscription is found, listed with exact figures, and followed as charges arrive", async () => {
    const p = await person();
    for (const d of ["2024-01-03", "2024-02-03", "2024-03-04"]) await charge(p, d, -1599n, "NETFLIX.COM 866-579-7172");
    await charge(p, "2024-02-11", -4210n, "TESCO STORES 2335");
    assert.deepEqual(await refreshRecurring({ ctx: p.ctx }), { created: 1, updated: 0, removed: 0 });
    const [s] = await listRecurring({ ctx: p.ctx, input: {}, today: "2024-03-10" });
    assert.deepEqual(
      [s!.name, s!.cadence, s!.status, s!.averageAmount, s!.lastAmount, s!.occurrences, s!.predictedNextDate],
      ["netflix", "monthly", "early_detection", "-15.99", "-15.99", 3, "2024-04-03"],
    );
    await charge(p, "2024-04-03", -1799n, "NETFLIX.COM 866-579-7172");
    await charge(p, "2024-05-03", -1799n, "NETFLIX.COM 866-579-7172");
    assert.deepEqual(await refreshRecurring({ ctx: p.ctx, scope: { accountIds: [p.accountId] } }), {
      created: 0,
      updated: 1,
      removed: 0,
    });
    const [after] = await listRecurring({ ctx: p.ctx, input: {}, today: "2024-05-10" });
    assert.equal(after!.id, s!.id);
    assert.deepEqual(
      [after!.status, after!.occurrences, after!.lastAmount, after!.averageAmount, after!.priceChange],
      [
        "mature",
        5,
        "-17.99",
        // (3 * -15.99 + 2 * -17.99) / 5 = -16.79 exactly
        "-16.79",
        { previousAmount: "-15.99", amount: "-17.99", since: "2024-04-03", confirmedOn: "2024-05-03" },
      ],
    );
    assert.equal((await listRecurring({ ctx: p.ctx, input: {}, today: "2024-06-08" }))[0]!.status, "paused");
    assert.equal((await listRecurring({ ctx: p.ctx, input: { status: "ended" }, today: "2024-07-08" })).length, 1);
    assert.equal((await listRecurring({ ctx: p.ctx, input: { status: "mature" }, today: "2024-07-08" })).length, 0);
    const detail = await getRecurring({ ctx: p.ctx, input: { id: s!.id }, today: "2024-05-10" });
    assert.deepEqual(
      detail.transactions.map((t) => [t.date, t.amount]),
      [
        ["2024-01-03", "-15.99"],
        ["2024-02-03", "-15.99"],
        ["2024-03-04", "-15.99"],
        ["2024-04-03", "-17.99"],
        ["2024-05-03", "-17.99"],
      ],
    );
  });

  test("a stream the person ended is never re-created, whatever charges arrive later", async () => {
    const p = await person();
    for (const d of ["2024-01-10", "2024-02-10", "2024-03-10"]) await charge(p, d, -999n, "Spotify P0123");
    await refreshRecurring({ ctx: p.ctx });
    const [s] = await listRecurring({ ctx: p.ctx, input: {}, today: "2024-03-11" });
    const ended = await endRecurring({ ctx: p.ctx, input: { id: s!.id }, today: "2024-03-11" });
    assert.equal(ended.status, "ended");
    for (const d of ["2024-04-10", "2024-05-10", "2024-06-10", "2024-07-10"])
      await charge(p, d, -1099n, "Spotify P0999");
    assert.deepEqual(await refreshRecurring({ ctx: p.ctx }), { created: 0, updated: 0, removed: 0 });
    const all = await listRecurring({ ctx: p.ctx, input: {}, today: "2024-07-11" });
    assert.deepEqual(
      all.map((x) => [x.id, x.status, x.occurrences]),
      [[s!.id, "ended", 3]],
    );
    await assert.rejects(
      confirmRecurring({ ctx: p.ctx, input: { id: s!.id } }),
      (e) => isAppError(e) && e.code === "CONFLICT",
    );
  });

  test("more charges can change a stream's cadence: it stays the same stream; ended, it is not re-created under the new cadence", async () => {
    for (const endIt of [false, true]) {
      const p = await person();
      for (const d of ["2024-03-01", "2024-03-15", "2024-03-29"]) await charge(p, d, -250_000n, "Rent Acme Lettings");
      await refreshRecurring({ ctx: p.ctx });
      const [early] = await listRecurring({ ctx: p.ctx, input: {}, today: "2024-04-01" });
      // Three charges 14 days apart: biweekly fits them exactly (semi-monthly would be 3 days off).
      assert.equal(early!.cadence, "biweekly");
      if (endIt) await endRecurring({ ctx: p.ctx, input: { id: early!.id } });
      else await confirmRecurring({ ctx: p.ctx, input: { id: early!.id } });
      for (const d of ["2024-04-15", "2024-05-01", "2024-05-15"]) await charge(p, d, -250_000n, "Rent Acme Lettings");
      await refreshRecurring({ ctx: p.ctx });
      const now = await listRecurring({ ctx: p.ctx, input: {}, today: "2024-05-16" });
      if (endIt) {
        assert.deepEqual(
          now.map((x) => [x.id, x.cadence, x.status]),
          [[early!.id, "biweekly", "ended"]],
        );
      } else {
        assert.deepEqual(
          now.map((x) => [x.id, x.cadence, x.occurrences, x.confirmed, x.predictedNextDate]),
          // Days 15 & 29 and days 1 & 15 fit equally (3 days off in all); the first tried is kept.
          [[early!.id, "semi_monthly", 6, true, "2024-05-29"]],
        );
      }
    }
  });

  test("rename and confirm are kept across refreshes, and keep a stream the data no longer shows", async () => {
    const p = await person();
    const rows = [];
    for (const d of ["2024-01-15", "2024-04-15", "2024-07-15"]) rows.push(await charge(p, d, -4500n, "Gym Quarterly"));
    await refreshRecurring({ ctx: p.ctx });
    const [s] = await listRecurring({ ctx: p.ctx, input: {} });
    assert.equal(s!.cadence, "quarterly");
    const renamed = await renameRecurring({ ctx: p.ctx, input: { id: s!.id, patch: { name: "Gym" } } });
    assert.equal(renamed.name, "Gym");
    const confirmed = await confirmRecurring({ ctx: p.ctx, input: { id: s!.id }, today: "2024-07-20" });
    assert.deepEqual([confirmed.confirmed, confirmed.status], [true, "mature"]);
    await charge(p, "2024-10-14", -4500n, "Gym Quarterly");
    await refreshRecurring({ ctx: p.ctx });
    const [again] = await listRecurring({ ctx: p.ctx, input: {}, today: "2024-10-20" });
    assert.deepEqual([again!.id, again!.name, again!.confirmed, again!.occurrences], [s!.id, "Gym", true, 4]);
    // The person deletes the charges: an unconfirmed stream would go; this one stays as it was.
    await database.db.delete(transactions).where(eq(transactions.userId, p.ctx.userId));
    assert.deepEqual(await refreshRecurring({ ctx: p.ctx }), { created: 0, updated: 0, removed: 0 });
    assert.equal((await listRecurring({ ctx: p.ctx, input: {} }))[0]!.id, s!.id);
    assert.equal((await getRecurring({ ctx: p.ctx, input: { id: s!.id } })).transactions.length, 0);
    await renameRecurring({ ctx: p.ctx, input: { id: s!.id, patch: { name: null } } });
    assert.equal((await getRecurring({ ctx: p.ctx, input: { id: s!.id } })).name, "gym quarterly");
  });

  test("an unconfirmed stream whose charges are gone is removed; transfers are never streams", async () => {
    const p = await person();
    for (const d of ["2024-01-05", "2024-02-05", "2024-03-05"]) await charge(p, d, -2000n, "Savings plan");
    await refreshRecurring({ ctx: p.ctx });
    assert.equal((await listRecurring({ ctx: p.ctx, input: {} })).length, 1);
    await database.db
      .update(transactions)
      .set({ transferId: crypto.randomUUID() })
      .where(eq(transactions.userId, p.ctx.userId));
    assert.deepEqual(await refreshRecurring({ ctx: p.ctx }), { created: 0, updated: 0, removed: 1 });
  });

  test("one person's refresh and reads never see another's streams; another's id is NOT_FOUND", async () => {
    const alice = await person();
    const bob = await person();
    for (const d of ["2024-01-20", "2024-02-20", "2024-03-20"]) await charge(alice, d, -700n, "Disney Plus");
    await refreshRecurring({ ctx: bob.ctx });
    assert.equal(
      (await database.db.select().from(recurringStreams).where(eq(recurringStreams.userId, alice.ctx.userId))).length,
      0,
    );
    await refreshRecurring({ ctx: alice.ctx });
    const [s] = await listRecurring({ ctx: alice.ctx, input: {} });
    assert.deepEqual(await listRecurring({ ctx: bob.ctx, input: {} }), []);
    for (const call of [
      () => getRecurring({ ctx: bob.ctx, input: { id: s!.id } }),
      () => confirmRecurring({ ctx: bob.ctx, input: { id: s!.id } }),
      () => renameRecurring({ ctx: bob.ctx, input: { id: s!.id, patch: { name: "x" } } }),
      () => endRecurring({ ctx: bob.ctx, input: { id: s!.id } }),
    ]) {
      await assert.rejects(call(), (e) => isAppError(e) && e.code === "NOT_FOUND");
    }
    const intact = await getRecurring({ ctx: alice.ctx, input: { id: s!.id } });
    assert.deepEqual([intact.name, intact.confirmed, intact.endedAt], ["disney plus", false, null]);
  });
});
