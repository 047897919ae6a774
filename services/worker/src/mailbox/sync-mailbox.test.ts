import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { accounts, transactions } from "@fincoach/db";
import { createJobQueue, enqueueSyncMailbox } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
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
import { startWorkers, type Workers } from "../start-workers.ts";
import { alertMail, chatMail } from "../test-support/mail-fixtures.ts";
import { createSyncFixture, keyring } from "../test-support/sync-fixture.ts";

const alice = { username: "alice", password: "imap-pass" };
let database: TestDatabase;
let redis: TestRedis;
let dovecot: TestDovecot;
let workers: Workers;
const syncQueue = `sync-${crypto.randomUUID()}`;

before(async () => {
  [database, redis, dovecot] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    startDovecot({ users: [alice, { username: "mallory", password: "x" }] }),
  ]);
  workers = startWorkers({
    db: database.db,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    keyring,
    logger: createLogger({ service: "worker-test", level: "silent" }),
    syncQueue,
  });
});
after(async () => {
  await workers?.close(5_000);
  await Promise.allSettled([dovecot?.stop(), database?.drop()]);
  await redis?.cleanup();
});

const finished = (f: Awaited<ReturnType<typeof createSyncFixture>>, jobId: string) =>
  eventually(async () => {
    const job = await f.job(jobId);
    assert.ok(job.status === "completed" || job.status === "failed", `still ${job.status}`);
    return job;
  }, 60_000);

test("first sync, re-sync, new mail and a UIDVALIDITY change: exact counts, nothing duplicated", async () => {
  // 230 alerts + 20 chats in INBOX (3 batches), 5 alerts in Alerts, one of them also in INBOX.
  const inbox = [
    ...Array.from({ length: 230 }, (_, i) => alertMail(`a${i}`, 100 + i)),
    ...Array.from({ length: 20 }, (_, i) => chatMail(`c${i}`)),
  ];
  const alerts = [alertMail("a0", 100), ...Array.from({ length: 4 }, (_, i) => alertMail(`b${i}`, 5_000 + i))];
  await dovecot.append(alice, "INBOX", inbox, { internalDate: new Date("2026-11-01T10:00:00Z") });
  await dovecot.append(alice, "Alerts", alerts, { internalDate: new Date("2026-11-01T10:00:00Z") });
  const f = await createSyncFixture({
    database,
    dovecot,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    syncQueue,
    mailbox: alice,
    folders: ["INBOX", "Alerts"],
  });
  try {
    const first = await finished(f, await f.requestSync());
    assert.equal(first.status, "completed", first.error ?? "");
    assert.deepEqual(
      {
        progress: first.progress,
        processed: first.processed,
        inserted: first.inserted,
        duplicates: first.duplicates,
        skipped: first.skipped,
        failed: first.failed,
      },
      { progress: 100, processed: 255, inserted: 234, duplicates: 1, skipped: 20, failed: 0 },
    );
    const rows = await database.db.select().from(transactions).where(eq(transactions.userId, f.userId));
    assert.equal(rows.length, 234);
    // Exact money: -(100 + ... + 329) - (5000 + ... + 5003) cents.
    const expected = -(Array.from({ length: 230 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0) + 5000 * 4 + 6);
    assert.equal(
      rows.reduce((sum, r) => sum + r.amountMinor, 0n),
      BigInt(expected),
    );
    assert.ok(rows.every((r) => r.currency === "EUR" && r.merchant === "CORNER SHOP"));
    assert.deepEqual(new Set(rows.map((r) => r.externalId)).size, 234);
    // No account chosen: one made for the card hint.
    const made = await database.db.select().from(accounts).where(eq(accounts.userId, f.userId));
    assert.deepEqual(
      made.map((a) => [a.name, a.type, a.currency]),
      [["Alerts ••4242 EUR", "credit_card", "EUR"]],
    );
    const conn = await f.connection();
    assert.equal(conn.syncState.folders?.INBOX?.lastUid, 250);
    assert.equal(conn.syncState.folders?.Alerts?.lastUid, 5);
    assert.ok(conn.lastSyncedAt);
    // New rows went on to categorization.
    const categorize = createJobQueue("categorize", { connection: redis.redis, redisPrefix: redis.prefix });
    await eventually(async () => {
      const c = await categorize.getJobCounts("completed", "failed");
      assert.equal(c.failed, 0);
      assert.ok((c.completed ?? 0) >= 4, JSON.stringify(c));
    }, 20_000);

    const again = await finished(f, await f.requestSync());
    assert.deepEqual([again.status, again.processed, again.inserted], ["completed", 0, 0]);

    await dovecot.append(alice, "INBOX", [alertMail("new1", 999), chatMail("c-new")]);
    const incremental = await finished(f, await f.requestSync());
    assert.deepEqual(
      [incremental.processed, incremental.inserted, incremental.skipped, incremental.duplicates],
      [2, 1, 1, 0],
    );

    await dovecot.recreateFolder(alice, "Alerts");
    await dovecot.append(alice, "Alerts", alerts, { internalDate: new Date("2026-11-01T10:00:00Z") });
    const rescan = await finished(f, await f.requestSync());
    assert.deepEqual([rescan.status, rescan.processed, rescan.inserted, rescan.duplicates], ["completed", 5, 0, 5]);
    const [count] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(transactions)
      .where(eq(transactions.userId, f.userId));
    assert.equal(count?.n, 235);
    await categorize.close();
  } finally {
    await f.close();
  }
});

test("refused credentials: the job fails once, without retries, and the connection needs attention", async () => {
  const f = await createSyncFixture({
    database,
    dovecot,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    syncQueue,
    mailbox: { username: "mallory", password: "not-the-password" },
    folders: ["INBOX"],
  });
  try {
    const jobId = await f.requestSync();
    const job = await finished(f, jobId);
    assert.equal(job.status, "failed");
    assert.match(job.error ?? "", /refused the credentials/);
    const conn = await f.connection();
    assert.equal(conn.status, "needs_attention");
    const bull = await eventually(async () => {
      const j = await f.queue.getJob(jobId);
      assert.ok(j?.finishedOn, "not finished in BullMQ yet");
      return j;
    });
    assert.equal(bull?.attemptsMade, 1);
    assert.ok(!(job.error ?? "").includes("not-the-password"));
  } finally {
    await f.close();
  }
});

test("a job whose sync_jobs row does not exist (or is someone else's) fails once, not five times", async () => {
  const queue = createJobQueue("sync", { connection: redis.redis, redisPrefix: redis.prefix, syncQueue });
  try {
    const ids = { jobId: crypto.randomUUID(), userId: crypto.randomUUID(), connectionId: crypto.randomUUID() };
    await enqueueSyncMailbox(queue, ids);
    const job = await eventually(async () => {
      const j = await queue.getJob(ids.jobId);
      assert.ok(j?.finishedOn, "not finished yet");
      return j;
    }, 20_000);
    assert.equal(job?.attemptsMade, 1);
    assert.match(job?.failedReason ?? "", /not found/i);
  } finally {
    await queue.close();
  }
});
