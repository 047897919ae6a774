import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { syncJobs } from "@fincoach/db";
import { userEventStreamKey } from "@fincoach/events";
import { ERROR_LOG_INTERVAL_MS } from "@fincoach/logging";
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
import { assertBankSyncExact, startBankSyncMidway, workerLogLines } from "./test-support/bank-sync-fixture.ts";

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

/** The person's stream as `GET /v1/events` reads it: names and parsed payloads, oldest first. */
const streamOf = async (userId: string) => {
  const entries = (await redis.redis.xrange(userEventStreamKey(redis.prefix, userId), "-", "+")) as [
    string,
    string[],
  ][];
  return entries.map(([, fields]) => ({
    type: fields[fields.indexOf("type") + 1] as string,
    data: JSON.parse(fields[fields.indexOf("data") + 1] ?? "null"),
  }));
};

test("Redis restarted mid bank sync: the job completes (also in BullMQ), rows, sum and counts are exact, the final events arrive, the worker logs JSON only and survives", async () => {
  // 12 pages of 500, each answered after 300 ms: the restart lands while pages are still due.
  const run = await startBankSyncMidway({
    database,
    redis,
    plaid,
    n: N,
    idPrefix: "r",
    children,
    env: { REDIS_URL: redisUrl },
  });
  const { worker, at, user, jobId } = run;
  try {
    const stoppedAt = Date.now();
    await stopRedisServer();
    const [during] = await database.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
    assert.equal(at.status, "running", "the job finished before the restart; the test proves nothing");
    assert.ok((during?.processed ?? N) < N, "the job finished while Redis stopped; the test proves nothing");
    // The worker says it cannot work meanwhile (its Redis PING fails), and stays up.
    await eventually(async () => assert.equal((await fetch(`${worker.url}/readyz`)).status, 503), 3_000);
    // Longer than the job's lock (SYNC_LOCK_DURATION_MS 2000 in worker-process.ts): the lock
    // expires, so BullMQ hands the job out again while the first attempt may still run.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await startRedisServer();

    // BullMQ agrees: the job completed (a second attempt after the lost lock resumed it or
    // found it done and reported the stored result), never failed.
    const bullJob = await assertBankSyncExact(run, N, 90_000);
    const counts = { processed: N, inserted: N, duplicates: 0, skipped: 0, failed: 0 };
    // The case this test is about: the lock expired during the outage and the job was handed out again.
    assert.ok(
      (bullJob?.stalledCounter ?? 0) >= 1 && (bullJob?.attemptsStarted ?? 0) >= 2,
      `the job was never handed out again (stalled ${bullJob?.stalledCounter}, started ${bullJob?.attemptsStarted}); the test proves nothing`,
    );

    // The live stream: the last progress (all N processed) and then sync.completed, whatever
    // was held while Redis was away delivered in order (the counts never go backwards).
    const events = await eventually(async () => {
      const all = (await streamOf(user.id)).filter(
        (e) => e.data.syncJobId === jobId || e.type === "transactions.created",
      );
      assert.ok(
        all.some((e) => e.type === "sync.completed"),
        all.map((e) => e.type).join(),
      );
      return all;
    }, 30_000);
    const done = events.findIndex((e) => e.type === "sync.completed");
    assert.deepEqual(events[done]?.data.counts, counts);
    const progress = events.slice(0, done).filter((e) => e.type === "sync.progress");
    assert.deepEqual(progress.at(-1)?.data.counts, counts, "the last progress reached the stream");
    const processed = progress.map((e) => e.data.counts.processed as number);
    assert.deepEqual(
      processed,
      [...processed].sort((a, b) => a - b),
      "progress went backwards",
    );
    assert.equal(events.filter((e) => e.type === "sync.completed").length, 1, "sync.completed twice");
    const outageMs = Date.now() - stoppedAt;

    assert.equal(worker.child.exitCode, null, "the worker exited across the Redis restart");
    assert.equal((await fetch(`${worker.url}/healthz`)).status, 200);
    await eventually(async () => assert.equal((await fetch(`${worker.url}/readyz`)).status, 200), 30_000);
    worker.child.kill("SIGTERM");
    assert.equal(await worker.exited, 0);

    // Only JSON lines: no raw ECONNREFUSED with its stack from a Queue or client without a listener.
    const logged = workerLogLines(worker);
    assert.deepEqual(
      logged.filter((l) => l.msg === "event dropped"),
      [],
      "an event was dropped",
    );
    // Rate-limited: one line per emitter per interval, not one per reconnection attempt.
    const perEmitter = new Map<string, number>();
    for (const l of logged.filter((l) => /error/.test(l.msg))) {
      const key = `${l.msg} ${l.queue ?? l.client ?? ""}`;
      perEmitter.set(key, (perEmitter.get(key) ?? 0) + 1);
    }
    const bound = 1 + Math.ceil(outageMs / ERROR_LOG_INTERVAL_MS);
    for (const [key, n] of perEmitter) assert.ok(n <= bound, `${key}: ${n} lines in ${outageMs} ms`);
  } finally {
    await run.close();
  }
});
