import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, test } from "node:test";
import { createJobQueue } from "@fincoach/jobs";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  type PlaidStandIn,
  startPlaidStandIn,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import { assertBankSyncExact, startBankSyncMidway, workerLogLines } from "./test-support/bank-sync-fixture.ts";
import { type PrivatePostgres, startPrivatePostgres } from "./test-support/private-postgres.ts";

const N = 4_000;
let pg: PrivatePostgres;
let database: TestDatabase;
let plaid: PlaidStandIn;
let redis: TestRedis;
const children = new Set<ChildProcess>();

before(async () => {
  // A cluster of this test's own: the shared one on 5432 must not be stopped under other tests.
  pg = await startPrivatePostgres();
  [database, plaid, redis] = await Promise.all([
    createTestDatabase(pg.adminUrl),
    startPlaidStandIn(),
    createTestRedis(),
  ]);
});
after(async () => {
  for (const c of children) c.kill("SIGKILL");
  await Promise.allSettled([plaid?.stop(), database?.close(), redis?.cleanup()]);
  await pg?.destroy();
});

/** `fincoach_dependency_up` per dependency, read from the worker's /metrics. */
const dependenciesUp = async (url: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Object.fromEntries(
    [...text.matchAll(/^fincoach_dependency_up\{[^}]*\bdependency="(\w+)"[^}]*\} (\d+)$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]),
  );
};

test("PostgreSQL restarted mid bank sync: the job is retried and completes, rows, sum and counts are exact, the worker is ready again", async () => {
  // 8 pages of 500, each answered after 300 ms: the stop lands while pages are still due.
  const run = await startBankSyncMidway({ database, redis, plaid, n: N, idPrefix: "p", children });
  const { worker, at } = run;
  try {
    assert.ok(at.status === "running" && at.processed < N, "the job finished before the stop; the test proves nothing");
    // Fast shutdown: the page transaction in flight is rolled back, every client disconnected.
    await pg.stop();
    // Meanwhile the worker's page commit fails, its next attempts too (a refused connection) until
    // the server is back: the job waits in BullMQ's backoff, and /readyz says the worker cannot work.
    await eventually(async () => assert.equal((await fetch(`${worker.url}/readyz`)).status, 503), 30_000);
    // A scrape says which: PostgreSQL down, Redis up (the same checks, at scrape time).
    assert.deepEqual(await dependenciesUp(worker.url), { postgres: 0, redis: 1 });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await pg.start();

    // BullMQ agrees, after at least one failed attempt (the commit during the outage).
    const bullJob = await assertBankSyncExact(run, N, 120_000);
    assert.ok((bullJob?.attemptsMade ?? 0) >= 1, "no attempt failed: the outage missed the sync");

    // The categorize jobs the sync queued (some failed during the outage) all ran in the end.
    const categorize = createJobQueue("categorize", { connection: run.producer, redisPrefix: redis.prefix });
    try {
      await eventually(async () => {
        const c = await categorize.getJobCounts("completed", "failed", "waiting", "active", "delayed");
        assert.ok((c.completed ?? 0) > 0, "no categorize job ran");
        assert.deepEqual({ ...c, completed: 0 }, { completed: 0, failed: 0, waiting: 0, active: 0, delayed: 0 });
      }, 60_000);
    } finally {
      await categorize.close();
    }

    assert.equal(worker.child.exitCode, null, "the worker exited across the PostgreSQL restart");
    await eventually(async () => assert.equal((await fetch(`${worker.url}/readyz`)).status, 200), 30_000);
    assert.deepEqual(await dependenciesUp(worker.url), { postgres: 1, redis: 1 });
    // The failures were logged as JSON lines (the job's retry), nothing raw.
    workerLogLines(worker);
    worker.child.kill("SIGTERM");
    assert.equal(await worker.exited, 0);
  } finally {
    await run.close();
  }
});
