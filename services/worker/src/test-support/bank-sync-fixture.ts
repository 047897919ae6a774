import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { type Db, syncJobs, transactions, users } from "@fincoach/db";
import { createConnection, getSyncJob, requestConnectionSync } from "@fincoach/domain";
import { createJobQueue, enqueueSyncBank } from "@fincoach/jobs";
import { eventually, type PlaidStandIn, type TestDatabase, type TestRedis } from "@fincoach/testing";
import { eq, sql } from "drizzle-orm";
import { CHECKING_ACCOUNT } from "./plaid-accounts.ts";
import { keyring } from "./sync-fixture.ts";
import { startWorkerProcess, type WorkerProcess } from "./worker-process.ts";

/**
 * A person with a Plaid connection whose item holds `n` posted transactions of
 * `i + 1.07` (Plaid's sign: money out), ids `<idPrefix><i>`: the feed the process-level
 * sync tests interrupt (SIGKILL, a Redis restart) and then check to the cent.
 */
export const seedBankFeed = async (db: Db, plaid: PlaidStandIn, n: number, idPrefix: string) => {
  const token = plaid.createItem([CHECKING_ACCOUNT]);
  plaid.add(
    token,
    Array.from({ length: n }, (_, i) => ({
      transaction_id: `${idPrefix}${i}`,
      account_id: "a",
      amount: `${i + 1}.07`,
      date: "2026-11-02",
      name: `Shop ${i}`,
    })),
  );
  const [user] = await db
    .insert(users)
    .values({ email: `u${randomBytes(6).toString("hex")}@example.com`, passwordHash: "x" })
    .returning();
  const ctx = { db, userId: user!.id, keyring };
  const connection = await createConnection({ ctx, input: { type: "plaid", name: "Bank", accessToken: token } });
  return { user: user!, ctx, connection };
};

/** The person has exactly the seeded `n` rows, summing to -(Σ (i + 1) * 100 + 7) cents. */
export const assertBankFeedTotals = async (db: Db, userId: string, n: number) => {
  const [totals] = await db
    .select({ n: sql<number>`count(*)::int`, sum: sql<string>`sum(amount_minor)::text` })
    .from(transactions)
    .where(eq(transactions.userId, userId));
  const expected = -(BigInt((n * (n + 1)) / 2) * 100n + BigInt(n) * 7n);
  assert.deepEqual([totals?.n, totals?.sum], [n, expected.toString()]);
};

/**
 * The restart tests' scenario up to the fault: a person's bank feed of `n` rows, a real
 * worker process consuming a sync queue of the test's own, Plaid answering each page of 500
 * after 300 ms so the fault lands while pages are still due, and the sync requested and
 * caught mid-way (some rows processed). `close()` stops the queue and producer; the worker
 * is in `children` for the file's `after` to kill.
 */
export const startBankSyncMidway = async (o: {
  database: TestDatabase;
  redis: TestRedis;
  plaid: PlaidStandIn;
  n: number;
  idPrefix: string;
  children: Set<ChildProcess>;
  env?: Record<string, string>;
}) => {
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const { user, ctx, connection } = await seedBankFeed(o.database.db, o.plaid, o.n, o.idPrefix);
  const producer = o.redis.redis.duplicate();
  // A fault is deliberate: the producer's reconnection errors are noise here.
  producer.on("error", () => {});
  const queue = createJobQueue("sync", { connection: producer, redisPrefix: o.redis.prefix, syncQueue });
  queue.on("error", () => {});
  const close = async () => {
    o.plaid.latencyMs = 0;
    await queue.close();
    producer.disconnect();
  };
  o.plaid.latencyMs = 300;
  try {
    const worker = await startWorkerProcess({
      databaseUrl: o.database.url,
      redisPrefix: o.redis.prefix,
      syncQueue,
      children: o.children,
      capture: true,
      env: {
        SYNC_SOURCE: "bank",
        PLAID_BASE_URL: o.plaid.url,
        PLAID_CLIENT_ID: o.plaid.clientId,
        PLAID_SECRET: o.plaid.secret,
        ...o.env,
      },
    });
    const { jobId } = await requestConnectionSync({
      ctx,
      input: { id: connection.id },
      queue: { enqueue: async (job) => void (await enqueueSyncBank(queue, { ...job, trace: {} })) },
    });
    const at = await eventually(
      async () => {
        const [row] = await o.database.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
        assert.ok(row && row.processed > 0, `processed ${row?.processed}`);
        return row;
      },
      60_000,
      5,
    );
    return { user, ctx, jobId, queue, producer, worker, at, close };
  } catch (error) {
    await close();
    throw error;
  }
};

/**
 * After the fault: the job completes with the counts of an uninterrupted run, the person has
 * exactly the feed's rows and sum, and BullMQ says completed with the same counts.
 */
export const assertBankSyncExact = async (
  run: Pick<Awaited<ReturnType<typeof startBankSyncMidway>>, "ctx" | "jobId" | "queue" | "user">,
  n: number,
  timeoutMs: number,
) => {
  const job = await eventually(async () => {
    const j = await getSyncJob({ ctx: run.ctx, input: { id: run.jobId } });
    assert.equal(j.status, "completed", j.error ?? j.status);
    return j;
  }, timeoutMs);
  assert.deepEqual(
    [job.processed, job.inserted, job.duplicates, job.skipped, job.failed, job.progress, job.error],
    [n, n, 0, 0, 0, 100, null],
    "the counts of an uninterrupted run",
  );
  assert.ok(job.finishedAt, "finishedAt");
  await assertBankFeedTotals(run.ctx.db, run.user.id, n);
  const bullJob = await eventually(async () => {
    const j = await run.queue.getJob(run.jobId);
    assert.equal(await j?.getState(), "completed", j?.failedReason);
    return j;
  }, 30_000);
  assert.deepEqual(bullJob?.returnvalue, { processed: n, inserted: n, duplicates: 0, skipped: 0, failed: 0 });
  return bullJob;
};

/** Every line the worker wrote, parsed: each must be a JSON log line, nothing raw. */
export const workerLogLines = (worker: WorkerProcess) =>
  [...worker.stdout, ...worker.stderr]
    .filter((l) => l.trim() !== "")
    .map((l) => {
      try {
        return JSON.parse(l) as { msg: string; queue?: string; client?: string };
      } catch {
        return assert.fail(`the worker wrote a line that is not JSON: ${l}`);
      }
    });
