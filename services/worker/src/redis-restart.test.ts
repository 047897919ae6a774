import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { syncJobs } from "@fincoach/db";
import { getSyncJob, requestConnectionSync } from "@fincoach/domain";
import { createJobQueue, enqueueSyncBank } from "@fincoach/jobs";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  freePort,
  type PlaidStandIn,
  startPlaidStandIn,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import { eq } from "drizzle-orm";
import { assertBankFeedTotals, seedBankFeed } from "./test-support/bank-sync-fixture.ts";
import { startWorkerProcess } from "./test-support/worker-process.ts";

const N = 6_000;
let database: TestDatabase;
let plaid: PlaidStandIn;
let dir: string;
let port: number;
let redisUrl: string;
let redisServer: ChildProcess | undefined;
let redis: TestRedis;
const children = new Set<ChildProcess>();

/**
 * A private redis-server the test may stop and start. `--appendonly yes` because a real
 * deployment's Redis persists: the queued job must outlive the restart, as it would there;
 * an in-memory-only Redis would lose the job by design, which is not what issue 12 is about.
 */
const startRedisServer = async () => {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", dir],
    { stdio: "ignore" },
  );
  children.add(child);
  redisServer = child;
  await eventually(async () => {
    const probe = await createTestRedis(redisUrl);
    probe.redis.on("error", () => {});
    try {
      assert.equal(await probe.redis.ping(), "PONG");
    } finally {
      probe.redis.disconnect();
    }
  }, 10_000);
};

/** SIGTERM: redis-server flushes its AOF and exits cleanly, as on a service restart. */
const stopRedisServer = async () => {
  const child = redisServer;
  assert.ok(child && child.exitCode === null, "redis-server is not running");
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  assert.equal(await exited, 0, "redis-server did not shut down cleanly");
  children.delete(child);
};

before(async () => {
  [database, plaid, dir, port] = await Promise.all([
    createTestDatabase(),
    startPlaidStandIn(),
    mkdtemp(join(tmpdir(), "fincoach-redis-")),
    freePort(),
  ]);
  redisUrl = `redis://127.0.0.1:${port}`;
  await startRedisServer();
  redis = await createTestRedis(redisUrl);
  // The restart is deliberate: the test's own connections reconnect; their refusals are noise.
  redis.redis.on("error", () => {});
});
after(async () => {
  redis?.redis.disconnect();
  for (const c of children) c.kill("SIGKILL");
  await Promise.allSettled([plaid?.stop(), database?.drop(), dir && rm(dir, { recursive: true, force: true })]);
});

test("Redis restarted mid bank sync: the job completes, rows, sum and counts are exact, the worker survives", async () => {
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const { user, ctx, connection } = await seedBankFeed(database.db, plaid, N, "r");
  const producer = redis.redis.duplicate();
  producer.on("error", () => {});
  const queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
  // 12 pages of 500, each answered after 300 ms: the restart lands while pages are still due.
  plaid.latencyMs = 300;
  try {
    const worker = await startWorkerProcess({
      databaseUrl: database.url,
      redisPrefix: redis.prefix,
      syncQueue,
      children,
      env: {
        REDIS_URL: redisUrl,
        SYNC_SOURCE: "bank",
        PLAID_BASE_URL: plaid.url,
        PLAID_CLIENT_ID: plaid.clientId,
        PLAID_SECRET: plaid.secret,
      },
    });
    const { jobId } = await requestConnectionSync({
      ctx,
      input: { id: connection.id },
      queue: { enqueue: async (job) => void (await enqueueSyncBank(queue, { ...job, trace: {} })) },
    });
    const at = await eventually(
      async () => {
        const [row] = await database.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
        assert.ok(row && row.processed > 0, `processed ${row?.processed}`);
        return row;
      },
      60_000,
      5,
    );
    await stopRedisServer();
    const [during] = await database.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
    assert.equal(at.status, "running", "the job finished before the restart; the test proves nothing");
    assert.ok((during?.processed ?? N) < N, "the job finished while Redis stopped; the test proves nothing");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await startRedisServer();

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
    assert.equal(worker.child.exitCode, null, "the worker exited across the Redis restart");
    assert.equal((await fetch(`${worker.url}/healthz`)).status, 200);
    worker.child.kill("SIGTERM");
    assert.equal(await worker.exited, 0);
  } finally {
    plaid.latencyMs = 0;
    await queue.close();
    producer.disconnect();
  }
});
