/**
 * Measures one bank sync end to end: N transactions in the Plaid stand-in, one `sync-bank`
 * job through BullMQ and the worker into a fresh PostgreSQL database (pages of 500, Plaid's
 * maximum). Prints transactions/s. Not a test (no timing assertions); the bench harness
 * can call it. Usage: sh scripts/node.sh services/worker/src/bank/measure-bank-sync.ts [N]
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { transactions, users } from "@fincoach/db";
import { createConnection, getSyncJob, requestConnectionSync } from "@fincoach/domain";
import { createJobQueue, enqueueSyncBank } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
import { createTestDatabase, createTestRedis, eventually, startPlaidStandIn } from "@fincoach/testing";
import { count, eq } from "drizzle-orm";
import { startWorkers } from "../start-workers.ts";
import { CHECKING_ACCOUNT } from "../test-support/plaid-accounts.ts";
import { keyring } from "../test-support/sync-fixture.ts";

const n = Number(process.argv[2] ?? 10_000);
const [database, redis, plaid] = await Promise.all([createTestDatabase(), createTestRedis(), startPlaidStandIn()]);
const syncQueue = `sync-${crypto.randomUUID()}`;
const workers = startWorkers({
  db: database.db,
  redis: redis.redis,
  redisPrefix: redis.prefix,
  keyring,
  logger: createLogger({ service: "measure", level: "silent" }),
  syncQueue,
  source: "bank",
  plaid: { baseUrl: plaid.url, clientId: plaid.clientId, secret: plaid.secret },
});
const producer = redis.redis.duplicate();
const queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
try {
  const token = plaid.createItem([CHECKING_ACCOUNT]);
  plaid.add(
    token,
    Array.from({ length: n }, (_, i) => ({
      transaction_id: `t${i}`,
      account_id: "a",
      amount: `${(i % 5000) + 1}.${String(i % 100).padStart(2, "0")}`,
      date: `2026-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
      name: `MERCHANT ${i % 300} PURCHASE`,
      merchant_name: `Merchant ${i % 300}`,
    })),
  );
  const [user] = await database.db
    .insert(users)
    .values({ email: `m${randomBytes(4).toString("hex")}@example.com`, passwordHash: "x" })
    .returning();
  const ctx = { db: database.db, userId: user!.id, keyring };
  const connection = await createConnection({ ctx, input: { type: "plaid", name: "Bank", accessToken: token } });
  const started = performance.now();
  const { jobId } = await requestConnectionSync({
    ctx,
    input: { id: connection.id },
    queue: { enqueue: async (job) => void (await enqueueSyncBank(queue, { ...job, trace: {} })) },
  });
  const job = await eventually(
    async () => {
      const j = await getSyncJob({ ctx, input: { id: jobId } });
      assert.ok(j.status === "completed" || j.status === "failed", j.status);
      return j;
    },
    600_000,
    20,
  );
  const seconds = (performance.now() - started) / 1000;
  const [rows] = await database.db.select({ c: count() }).from(transactions).where(eq(transactions.userId, user!.id));
  process.stdout.write(
    `${JSON.stringify({
      transactions: n,
      status: job.status,
      inserted: job.inserted,
      rows: rows?.c,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Math.round(n / seconds),
    })}\n`,
  );
} finally {
  await workers.close(5_000);
  await queue.close();
  producer.disconnect();
  await plaid.stop();
  await database.drop();
  await redis.cleanup();
}
