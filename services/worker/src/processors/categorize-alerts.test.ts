import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { accounts, alerts, transactions, users } from "@fincoach/db";
import { alertEventSink, userEventStreamKey } from "@fincoach/events";
import { createLogger } from "@fincoach/logging";
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from "@fincoach/testing";
import { eq } from "drizzle-orm";
import { categorizeProcessor } from "./categorize-processor.ts";

/**
 * Synced rows (mailbox, bank) are evaluated for alerts in the categorize job their sync batch
 * enqueues, once categorized: the alert is stored once and `alert.raised` reaches the
 * person's stream, and a retried job raises nothing twice (evaluateAlertsQuietly, tested
 * in the domain, keeps a failing evaluation from failing the job).
 */
let database: TestDatabase;
let redis: TestRedis;
before(async () => {
  database = await createTestDatabase();
  redis = await createTestRedis();
});
after(async () => {
  await database.drop();
  await redis.cleanup();
});

test("a synced batch's duplicate charge is raised once after categorization and announced", async () => {
  const db = database.db;
  const [user] = await db
    .insert(users)
    .values({ email: `${randomUUID()}@example.com`, passwordHash: "x" })
    .returning();
  const userId = user!.id;
  const [account] = await db
    .insert(accounts)
    .values({ userId, name: "Card", type: "credit_card", currency: "EUR" })
    .returning();
  const today = new Date().toISOString().slice(0, 10);
  const rows = await db
    .insert(transactions)
    .values(
      ["mail-1", "mail-2"].map((externalId) => ({
        userId,
        accountId: account!.id,
        date: today,
        amountMinor: -2599n,
        currency: "EUR",
        description: "CARD PURCHASE CORNER SHOP",
        merchant: "CORNER SHOP",
        externalId,
      })),
    )
    .returning({ id: transactions.id });
  const logger = createLogger({ service: "test", level: "silent" });
  const processor = categorizeProcessor(db, { logger, alertSinks: [alertEventSink(redis.redis, redis.prefix)] });
  const payload = { jobId: "sync-1", userId, transactionIds: rows.map((r) => r.id) };
  await processor(payload as never);
  await processor(payload as never); // a retry
  const stored = await db.select().from(alerts).where(eq(alerts.userId, userId));
  assert.deepEqual(
    stored.map((a) => [a.kind, a.details.amount]),
    [["duplicate_charge", "25.99"]],
  );
  const events = await redis.redis.xrange(userEventStreamKey(redis.prefix, userId), "-", "+");
  assert.equal(events.length, 1);
  assert.ok(events[0]![1].includes("alert.raised"));
  assert.ok(events[0]![1].some((f) => f.includes(stored[0]!.id)));
});
