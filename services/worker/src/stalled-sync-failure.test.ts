import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getSyncJob, requestConnectionSync } from "@fincoach/domain";
import { userEventStreamKey } from "@fincoach/events";
import { createJobQueue, enqueueSyncBank } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  type PlaidStandIn,
  startPlaidStandIn,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import { Registry } from "prom-client";
import { STALLED_REASON } from "./stalled-sync-failure.ts";
import { startWorkers, type Workers } from "./start-workers.ts";
import { registerSyncJobOutcomes, SYNC_JOBS_METRIC } from "./sync-job-outcomes.ts";
import { seedBankFeed } from "./test-support/bank-sync-fixture.ts";
import { keyring } from "./test-support/sync-fixture.ts";

let database: TestDatabase;
let redis: TestRedis;
let plaid: PlaidStandIn;
let workers: Workers;
const syncQueue = `sync-${crypto.randomUUID()}`;
const registry = new Registry();

before(async () => {
  [database, redis, plaid] = await Promise.all([createTestDatabase(), createTestRedis(), startPlaidStandIn()]);
  workers = startWorkers({
    db: database.db,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    keyring,
    logger: createLogger({ service: "worker-test", level: "silent" }),
    syncQueue,
    source: "bank",
    plaid: { baseUrl: plaid.url, clientId: plaid.clientId, secret: plaid.secret },
    bankPageSize: 100,
    // A lost lock is noticed within half a second, a stalled job within one.
    syncSettings: { lockDurationMs: 500 },
    stalledIntervalMs: 500,
    syncJobOutcomes: registerSyncJobOutcomes(registry),
  });
});
after(async () => {
  plaid.latencyMs = 0;
  await workers?.close(5_000);
  await Promise.allSettled([plaid?.stop(), database?.drop()]);
  await redis?.cleanup();
});

test("a sync job that stalls a third time is failed by BullMQ without running: its sync_jobs row is failed with a readable reason and the person told", async () => {
  const { user, ctx, connection } = await seedBankFeed(database.db, plaid, 2_000, "s");
  const producer = redis.redis.duplicate();
  const queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
  // Each page takes a second: every attempt is still running when its lock disappears.
  plaid.latencyMs = 1_000;
  try {
    const { jobId } = await requestConnectionSync({
      ctx,
      input: { id: connection.id },
      queue: { enqueue: async (job) => void (await enqueueSyncBank(queue, { ...job, trace: {} })) },
    });
    // Three times: the running attempt's lock vanishes (as when Redis is away longer than the
    // lock, or its worker is SIGKILLed), the stalled check takes the job back.
    for (let started = 1; started <= 3; started++) {
      await eventually(async () => {
        const j = await queue.getJob(jobId);
        assert.equal(j?.attemptsStarted, started);
        assert.equal(await j?.getState(), "active");
        assert.ok(await producer.exists(`${queue.toKey(jobId)}:lock`), "no lock yet");
      }, 20_000);
      await producer.del(`${queue.toKey(jobId)}:lock`);
    }
    const failed = await eventually(async () => {
      const j = await queue.getJob(jobId);
      assert.equal(await j?.getState(), "failed");
      return j;
    }, 20_000);
    assert.equal(failed?.failedReason, "job stalled more than allowable limit");

    const job = await eventually(async () => {
      const j = await getSyncJob({ ctx, input: { id: jobId } });
      assert.equal(j.status, "failed");
      return j;
    }, 10_000);
    assert.equal(job.error, STALLED_REASON);
    const events = await eventually(async () => {
      const entries = (await redis.redis.xrange(userEventStreamKey(redis.prefix, user.id), "-", "+")) as [
        string,
        string[],
      ][];
      const failedEvents = entries
        .map(([, f]) => ({ type: f[f.indexOf("type") + 1], data: JSON.parse(f[f.indexOf("data") + 1] ?? "{}") }))
        .filter((e) => e.type === "sync.failed");
      assert.equal(failedEvents.length, 1);
      return failedEvents;
    }, 10_000);
    assert.deepEqual(events[0]?.data, { syncJobId: jobId, connectionId: connection.id, error: STALLED_REASON });
    // One job ended, failed: the three stalled attempts before count nothing.
    const outcomes = (await registry.getSingleMetric(SYNC_JOBS_METRIC)?.get())?.values;
    assert.deepEqual(
      outcomes?.map((v) => [v.labels, v.value]),
      [
        [{ queue: syncQueue, kind: "bank", outcome: "completed" }, 0],
        [{ queue: syncQueue, kind: "bank", outcome: "failed" }, 1],
      ],
    );
  } finally {
    plaid.latencyMs = 0;
    await queue.close();
    producer.disconnect();
  }
});
