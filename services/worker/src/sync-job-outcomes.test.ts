import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getSyncJob, requestConnectionSync } from "@fincoach/domain";
import { createJobQueue, enqueueSyncBank } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  PLAID_ERRORS,
  type PlaidStandIn,
  startPlaidStandIn,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { Registry } from "prom-client";
import { startWorkers, type Workers } from "./start-workers.ts";
import { registerSyncJobOutcomes, SYNC_JOBS_METRIC } from "./sync-job-outcomes.ts";
import { seedBankFeed } from "./test-support/bank-sync-fixture.ts";
import { keyring } from "./test-support/sync-fixture.ts";

let database: TestDatabase;
let redis: TestRedis;
let plaid: PlaidStandIn;
let workers: Workers;
let producer: Redis;
let queue: Queue;
const registry = new Registry();
const syncQueue = `sync-${crypto.randomUUID()}`;

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
    syncJobOutcomes: registerSyncJobOutcomes(registry),
  });
  producer = redis.redis.duplicate();
  queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
});
after(async () => {
  await queue?.close();
  producer?.disconnect();
  await workers?.close(5_000);
  await Promise.allSettled([plaid?.stop(), database?.drop()]);
  await redis?.cleanup();
});

/** The counter as `kind/outcome` → value, every series this worker exported, labelled with its queue. */
const counted = async () => {
  const metric = await registry.getSingleMetric(SYNC_JOBS_METRIC)?.get();
  for (const v of metric?.values ?? []) assert.equal(v.labels.queue, syncQueue);
  return Object.fromEntries((metric?.values ?? []).map((v) => [`${v.labels.kind}/${v.labels.outcome}`, v.value]));
};

/** A person's bank sync, requested as the API requests it; `options` are the BullMQ job's. */
const requestSync = async (n: number, idPrefix: string, options: Parameters<typeof enqueueSyncBank>[2] = {}) => {
  const seeded = await seedBankFeed(database.db, plaid, n, idPrefix);
  let payload: Parameters<typeof enqueueSyncBank>[1] | undefined;
  const { jobId } = await requestConnectionSync({
    ctx: seeded.ctx,
    input: { id: seeded.connection.id },
    queue: {
      enqueue: async (job) => {
        payload = { ...job, trace: {} };
        await enqueueSyncBank(queue, payload, options);
      },
    },
  });
  return { ...seeded, jobId, payload: payload! };
};

const settled = (bullJobId: string, state: "completed" | "failed") =>
  eventually(async () => assert.equal(await (await queue.getJob(bullJobId))?.getState(), state), 20_000);

test("before any job ends, both outcomes of the kinds this worker syncs are exported at 0", async () => {
  assert.deepEqual(await counted(), { "bank/completed": 0, "bank/failed": 0 });
});

test("a sync that completes counts once; running the completed job again counts nothing", async () => {
  const { ctx, jobId, payload } = await requestSync(3, "done");
  await settled(jobId, "completed");
  assert.equal((await getSyncJob({ ctx, input: { id: jobId } })).status, "completed");
  assert.deepEqual(await counted(), { "bank/completed": 1, "bank/failed": 0 });
  // The same sync job under another BullMQ id (a duplicate enqueue): it finds the row completed.
  await enqueueSyncBank(queue, payload, { bullJobId: `${jobId}-again` });
  await settled(`${jobId}-again`, "completed");
  assert.deepEqual(await counted(), { "bank/completed": 1, "bank/failed": 0 });
});

test("a failed attempt that is retried counts nothing; the attempt that ends the job counts", async () => {
  // Plaid answers the first call 500: the first attempt fails (transient) and is retried.
  plaid.failNext(PLAID_ERRORS.INTERNAL_SERVER_ERROR, { times: 1 });
  const { ctx, jobId } = await requestSync(3, "retry", { attempts: 2, backoff: { type: "fixed", delay: 10 } });
  await settled(jobId, "completed");
  assert.equal((await queue.getJob(jobId))?.attemptsStarted, 2, "the first attempt failed");
  assert.equal((await getSyncJob({ ctx, input: { id: jobId } })).status, "completed");
  assert.deepEqual(await counted(), { "bank/completed": 2, "bank/failed": 0 });
});

test("a job failed for good (refused credentials) counts as failed, once", async () => {
  plaid.failNext(PLAID_ERRORS.ITEM_LOGIN_REQUIRED, { times: 1 });
  const { ctx, jobId } = await requestSync(3, "refused");
  await settled(jobId, "failed");
  assert.equal((await getSyncJob({ ctx, input: { id: jobId } })).status, "failed");
  assert.deepEqual(await counted(), { "bank/completed": 2, "bank/failed": 1 });
});
