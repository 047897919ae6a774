import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, test } from "node:test";
import { syncJobs } from "@fincoach/db";
import { getSyncJob, requestConnectionSync } from "@fincoach/domain";
import { createJobQueue, enqueueSyncBank } from "@fincoach/jobs";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  type PlaidStandIn,
  startPlaidStandIn,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import { eq } from "drizzle-orm";
import { assertBankFeedTotals, seedBankFeed } from "../test-support/bank-sync-fixture.ts";
import { startWorkerProcess } from "../test-support/worker-process.ts";

const N = 6_000;
let database: TestDatabase;
let redis: TestRedis;
let plaid: PlaidStandIn;
const children = new Set<ChildProcess>();

before(async () => {
  [database, redis, plaid] = await Promise.all([createTestDatabase(), createTestRedis(), startPlaidStandIn()]);
});
after(async () => {
  for (const c of children) c.kill("SIGKILL");
  await Promise.allSettled([plaid?.stop(), database?.drop()]);
  await redis?.cleanup();
});

/** A real worker process (main.ts) consuming bank jobs, pointed at the stand-in. */
const startWorker = (syncQueue: string) =>
  startWorkerProcess({
    databaseUrl: database.url,
    redisPrefix: redis.prefix,
    syncQueue,
    children,
    env: {
      SYNC_SOURCE: "bank",
      PLAID_BASE_URL: plaid.url,
      PLAID_CLIENT_ID: plaid.clientId,
      PLAID_SECRET: plaid.secret,
    },
  });

test("a worker SIGKILLed mid bank sync: another resumes from the committed cursor; rows, sum and counts are exact", async () => {
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const { user, ctx, connection } = await seedBankFeed(database.db, plaid, N, "k");
  const producer = redis.redis.duplicate();
  const queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
  // 12 pages of 500, each answered after 250 ms: a window to kill the worker mid-sync.
  plaid.latencyMs = 250;
  try {
    const first = await startWorker(syncQueue);
    const { jobId } = await requestConnectionSync({
      ctx,
      input: { id: connection.id },
      queue: { enqueue: async (job) => void (await enqueueSyncBank(queue, { ...job, trace: {} })) },
    });
    const at = await eventually(
      async () => {
        const [row] = await database.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
        assert.ok(row && row.processed >= 1_000, `processed ${row?.processed}`);
        return row;
      },
      60_000,
      5,
    );
    first.child.kill("SIGKILL");
    await first.exited;
    assert.equal(at.status, "running", "the job finished before the kill; the test proves nothing");
    assert.ok(at.processed < N);
    const second = await startWorker(syncQueue);
    const job = await eventually(async () => {
      const j = await getSyncJob({ ctx, input: { id: jobId } });
      assert.equal(j.status, "completed", j.error ?? j.status);
      return j;
    }, 90_000);
    assert.deepEqual(
      [job.processed, job.inserted, job.duplicates, job.skipped, job.failed],
      [N, N, 0, 0, 0],
      "the counts of an uninterrupted run",
    );
    await assertBankFeedTotals(database.db, user.id, N);
    second.child.kill("SIGTERM");
    await second.exited;
  } finally {
    plaid.latencyMs = 0;
    await queue.close();
    producer.disconnect();
  }
});
