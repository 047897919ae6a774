import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { transactions } from "@fincoach/db";
import {
  createTestDatabase,
  createTestRedis,
  startDovecot,
  type TestDatabase,
  type TestDovecot,
  type TestRedis,
} from "@fincoach/testing";
import { eq, sql } from "drizzle-orm";
import { SyncSuperseded } from "../sync-fence.ts";
import { alertMail } from "../test-support/mail-fixtures.ts";
import { createSyncFixture, keyring } from "../test-support/sync-fixture.ts";
import { createMailboxJobDeps } from "./mailbox-job-store.ts";
import { syncMailbox } from "./sync-mailbox.ts";

const N = 450;
const carol = { username: "carol", password: "c-pass" };
let database: TestDatabase;
let redis: TestRedis;
let dovecot: TestDovecot;

before(async () => {
  [database, redis, dovecot] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    startDovecot({ users: [carol] }),
  ]);
});
after(async () => {
  await Promise.allSettled([dovecot?.stop(), database?.drop()]);
  await redis?.cleanup();
});

test("two attempts of one mailbox sync at once (a stale one whose lock was lost elsewhere): each batch is committed once, the counts are exact, the overtaken attempt stops without failing the job", async () => {
  await dovecot.append(
    carol,
    "INBOX",
    Array.from({ length: N }, (_, i) => alertMail(`m${i}`, 100 + i)),
    { internalDate: new Date("2026-11-01T10:00:00Z") },
  );
  // No worker consumes this file's queue: the job is run by the two calls below only.
  const f = await createSyncFixture({
    database,
    dovecot,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    syncQueue: `sync-${crypto.randomUUID()}`,
    mailbox: carol,
    folders: ["INBOX"],
  });
  try {
    const jobId = await f.requestSync();
    const payload = { userId: f.userId, jobId, connectionId: f.connectionId, mode: "incremental" as const, trace: {} };
    const deps = createMailboxJobDeps({ db: database.db, keyring });
    // Both believe they hold the job's last attempt: an overtaken one must still not fail it.
    const outcomes = await Promise.allSettled([0, 1].map(() => syncMailbox(payload, deps, { lastAttempt: true })));
    const counts = { processed: N, inserted: N, duplicates: 0, skipped: 0, failed: 0 };
    for (const o of outcomes) {
      if (o.status === "fulfilled") assert.deepEqual(o.value, counts);
      else assert.ok(o.reason instanceof SyncSuperseded, String(o.reason));
    }
    assert.ok(
      outcomes.some((o) => o.status === "fulfilled"),
      "neither attempt completed",
    );
    const job = await f.job(jobId);
    assert.deepEqual(
      [job.status, job.processed, job.inserted, job.duplicates, job.skipped, job.failed, job.error],
      ["completed", N, N, 0, 0, 0, null],
    );
    const [rows] = await database.db
      .select({ n: sql<number>`count(*)::int`, sum: sql<string>`sum(amount_minor)::text` })
      .from(transactions)
      .where(eq(transactions.userId, f.userId));
    // Card purchases are money out: -(Σ 100 + i) cents.
    assert.deepEqual([rows?.n, rows?.sum], [N, String(-(N * 100 + (N * (N - 1)) / 2))]);
    // A third attempt after the job completed: the stored result, nothing written.
    assert.deepEqual(await syncMailbox(payload, deps, { lastAttempt: true }), counts);
  } finally {
    await f.close();
  }
});
