import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, test } from "node:test";
import { transactions } from "@fincoach/db";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  startDovecot,
  type TestDatabase,
  type TestDovecot,
  type TestRedis,
} from "@fincoach/testing";
import { eq, sql } from "drizzle-orm";
import { alertMail } from "./test-support/mail-fixtures.ts";
import { createSyncFixture } from "./test-support/sync-fixture.ts";
import { startWorkerProcess } from "./test-support/worker-process.ts";

const MAILS = 1200;
let database: TestDatabase;
let redis: TestRedis;
let dovecot: TestDovecot;
const children = new Set<ChildProcess>();

before(async () => {
  [database, redis, dovecot] = await Promise.all([createTestDatabase(), createTestRedis(), startDovecot()]);
});
after(async () => {
  for (const c of children) c.kill("SIGKILL");
  await Promise.allSettled([dovecot?.stop(), database?.drop()]);
  await redis?.cleanup();
});

const startWorker = (syncQueue: string) =>
  startWorkerProcess({
    databaseUrl: database.url,
    redisPrefix: redis.prefix,
    syncQueue,
    children,
    env: { SHUTDOWN_GRACE_MS: "20000" },
  });

const mailbox = async (username: string, count = MAILS) => {
  const user = { username, password: `${username}-pw` };
  await dovecot.addUser(user);
  await dovecot.append(
    user,
    "INBOX",
    Array.from({ length: count }, (_, i) => alertMail(`${username}-${i}`, 1 + i)),
    { internalDate: new Date("2026-11-01T10:00:00Z") },
  );
  return user;
};

const expectedSum = (count: number) => -BigInt(((1 + count) * count) / 2);

const totals = async (userId: string) => {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int`, sum: sql<string>`coalesce(sum(amount_minor), 0)::text` })
    .from(transactions)
    .where(eq(transactions.userId, userId));
  return { n: row?.n, sum: BigInt(row?.sum ?? "0") };
};

test("health, readiness and the backlog metric are served on METRICS_PORT", async () => {
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const w = await startWorker(syncQueue);
  try {
    assert.equal((await fetch(`${w.url}/healthz`)).status, 200);
    const metrics = await (await fetch(`${w.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`fincoach_queue_backlog\\{queue="${syncQueue}"[^}]*\\} 0\n`));
    assert.match(metrics, /fincoach_queue_backlog\{queue="categorize"[^}]*\} \d+\n/);
    assert.equal((await fetch(`${w.url}/nope`)).status, 404);
  } finally {
    w.child.kill("SIGTERM");
    assert.equal(await w.exited, 0);
  }
});

test("a worker SIGKILLed mid-sync: another resumes the job and the result equals an uninterrupted run", async () => {
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const user = await mailbox("killed");
  const f = await createSyncFixture({
    database,
    dovecot,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    syncQueue,
    mailbox: user,
    folders: ["INBOX"],
  });
  try {
    const first = await startWorker(syncQueue);
    const jobId = await f.requestSync();
    // Killed once at least one batch is committed and before the last one is.
    const at = await eventually(
      async () => {
        const row = await f.jobRow(jobId);
        assert.ok(row.processed >= 100, `processed ${row.processed}`);
        return row;
      },
      60_000,
      5,
    );
    first.child.kill("SIGKILL");
    await first.exited;
    assert.equal(at.status, "running", "the job finished before the kill; the test proves nothing");
    const killedAt = await f.jobRow(jobId);
    assert.ok(killedAt.processed < MAILS, "the job was not interrupted");

    const second = await startWorker(syncQueue);
    try {
      const job = await eventually(async () => {
        const j = await f.job(jobId);
        assert.equal(j.status, "completed");
        return j;
      }, 90_000);
      assert.deepEqual([job.processed, job.inserted, job.duplicates, job.skipped, job.failed], [MAILS, MAILS, 0, 0, 0]);
      assert.deepEqual(await totals(f.userId), { n: MAILS, sum: expectedSum(MAILS) });
      assert.equal((await f.connection()).syncState.folders?.INBOX?.lastUid, MAILS);
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  } finally {
    await f.close();
  }
});

test("SIGTERM drains: the worker exits 0 within the grace period and the job ends exactly once", async () => {
  const syncQueue = `sync-${crypto.randomUUID()}`;
  // Small enough to finish well within the grace period on a loaded machine.
  const drainMails = 300;
  const user = await mailbox("drained", drainMails);
  const f = await createSyncFixture({
    database,
    dovecot,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    syncQueue,
    mailbox: user,
    folders: ["INBOX"],
  });
  try {
    const w = await startWorker(syncQueue);
    const jobId = await f.requestSync();
    await eventually(async () => assert.ok((await f.jobRow(jobId)).processed > 0), 60_000, 5);
    w.child.kill("SIGTERM");
    assert.equal(await w.exited, 0);
    // Draining lets the running job finish (it fits the 20 s grace period).
    const job = await f.job(jobId);
    assert.deepEqual([job.status, job.processed, job.inserted], ["completed", drainMails, drainMails]);
    assert.deepEqual(await totals(f.userId), { n: drainMails, sum: expectedSum(drainMails) });
  } finally {
    await f.close();
  }
});
