import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { transactions } from "@fincoach/db";
import { userEventStreamKey } from "@fincoach/events";
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
import { eq } from "drizzle-orm";
import { startWorkers, type Workers } from "../start-workers.ts";
import { createSyncEvents } from "../sync-events.ts";
import { alertMail } from "../test-support/mail-fixtures.ts";
import { createSyncFixture, keyring } from "../test-support/sync-fixture.ts";
import { createMailboxJobDeps } from "./mailbox-job-store.ts";
import { syncMailbox } from "./sync-mailbox.ts";

const alice = { username: "alice", password: "imap-pass" };
const mallory = { username: "mallory", password: "m-pass" };
const bob = { username: "bob", password: "b-pass" };
let database: TestDatabase;
let redis: TestRedis;
let dovecot: TestDovecot;
let workers: Workers;
const syncQueue = `sync-${crypto.randomUUID()}`;

before(async () => {
  [database, redis, dovecot] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    startDovecot({ users: [alice, mallory, bob] }),
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

type Fixture = Awaited<ReturnType<typeof createSyncFixture>>;
const fixture = (mailbox: { username: string; password: string }) =>
  createSyncFixture({
    database,
    dovecot,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    syncQueue,
    mailbox,
    folders: ["INBOX"],
  });

const finished = (f: Fixture, jobId: string) =>
  eventually(async () => {
    const job = await f.job(jobId);
    assert.ok(job.status === "completed" || job.status === "failed", `still ${job.status}`);
    return job;
  }, 60_000);

/** The person's stream as the API would read it: names and parsed payloads, oldest first. */
const readStream = async (userId: string) => {
  const entries = (await redis.redis.xrange(userEventStreamKey(redis.prefix, userId), "-", "+")) as [
    string,
    string[],
  ][];
  return entries.map(([, fields]) => ({
    type: fields[fields.indexOf("type") + 1],
    data: JSON.parse(fields[fields.indexOf("data") + 1] ?? "null"),
  }));
};
/** The stream once it holds `n` events: they are published just after the commits they announce. */
const streamOf = (userId: string, n: number) =>
  eventually(async () => {
    const events = await readStream(userId);
    assert.ok(events.length >= n, `${events.length} events`);
    return events;
  }, 10_000);

test("a mailbox sync publishes sync.progress per batch, then sync.completed and transactions.created, to its person only", async () => {
  // 150 alerts: two batches (≤100 mails each), more new rows than transactions.created lists.
  await dovecot.append(
    alice,
    "INBOX",
    Array.from({ length: 150 }, (_, i) => alertMail(`e${i}`, 100 + i)),
    { internalDate: new Date("2026-11-01T10:00:00Z") },
  );
  const [a, m] = await Promise.all([fixture(alice), fixture(mallory)]);
  try {
    const [aliceJob, malloryJob] = [await a.requestSync(), await m.requestSync()];
    assert.equal((await finished(a, aliceJob)).status, "completed");
    assert.equal((await finished(m, malloryJob)).status, "completed");

    const events = await streamOf(a.userId, 4);
    assert.deepEqual(
      events.map((e) => e.type),
      ["sync.progress", "sync.progress", "sync.completed", "transactions.created"],
    );
    const counts = { processed: 150, inserted: 150, duplicates: 0, skipped: 0, failed: 0 };
    const [first, second, completed, created] = events;
    assert.deepEqual(first?.data.counts, { processed: 100, inserted: 100, duplicates: 0, skipped: 0, failed: 0 });
    assert.deepEqual(second?.data.counts, counts);
    for (const e of [first, second]) assert.ok(e?.data.progress >= 0 && e?.data.progress <= 99, e?.data.progress);
    assert.deepEqual(completed?.data, { syncJobId: aliceJob, connectionId: a.connectionId, counts });
    // 150 > 100: a count, no ids (the client refetches).
    assert.deepEqual(created?.data, { count: 150 });
    for (const e of events.slice(0, 3)) assert.equal(e.data.syncJobId, aliceJob);

    // Mallory's (empty) mailbox: only her own job's events; nothing new, so no transactions.created.
    const hers = await streamOf(m.userId, 2);
    assert.deepEqual(
      hers.map((e) => e.type),
      ["sync.progress", "sync.completed"],
    );
    for (const e of hers) assert.deepEqual([e.data.syncJobId, e.data.connectionId], [malloryJob, m.connectionId]);
    assert.deepEqual(hers[1]?.data.counts, { processed: 0, inserted: 0, duplicates: 0, skipped: 0, failed: 0 });

    // A small second sync lists the new rows' ids.
    await dovecot.append(alice, "INBOX", [alertMail("f1", 7001), alertMail("f2", 7002), alertMail("f3", 7003)], {
      internalDate: new Date("2026-11-02T10:00:00Z"),
    });
    const again = await a.requestSync();
    assert.equal((await finished(a, again)).status, "completed");
    const later = (await streamOf(a.userId, 7)).slice(4);
    assert.deepEqual(
      later.map((e) => e.type),
      ["sync.progress", "sync.completed", "transactions.created"],
    );
    const rows = await database.db
      .select({ id: transactions.id, externalId: transactions.externalId })
      .from(transactions)
      .where(eq(transactions.userId, a.userId));
    const fresh = rows.filter((r) => /f[123]/.test(r.externalId ?? "")).map((r) => r.id);
    assert.equal(fresh.length, 3);
    assert.equal(later[2]?.data.count, 3);
    assert.deepEqual([...(later[2]?.data.ids ?? [])].sort(), fresh.sort());
  } finally {
    await Promise.all([a.close(), m.close()]);
  }
});

test("a Redis that cannot take the events: the sync still completes, the events are held, each one dropped is logged", async () => {
  await dovecot.append(bob, "INBOX", [alertMail("g1", 10), alertMail("g2", 20)], {
    internalDate: new Date("2026-11-01T10:00:00Z"),
  });
  const f = await fixture(bob);
  const closed = redis.redis.duplicate();
  await closed.quit();
  const warnings: { msg: string; event?: string; reason?: string }[] = [];
  const logger = createLogger({
    service: "worker-test",
    level: "warn",
    destination: { write: (line: string) => void warnings.push(JSON.parse(line)) },
  });
  // One try per push: the first retry would be a minute away (the test asserts what one failure logs).
  const events = createSyncEvents({ redis: closed, prefix: redis.prefix, logger, outbox: { retryMinMs: 60_000 } });
  try {
    // The job row the API would create, run by the real sync with a publisher whose client is closed.
    // Paused: the running workers leave the job to this call.
    await f.queue.pause();
    const jobId = await f.requestSync();
    const counts = await syncMailbox(
      { userId: f.userId, jobId, connectionId: f.connectionId, mode: "incremental", trace: {} },
      createMailboxJobDeps({ db: database.db, keyring }),
      { lastAttempt: true, events },
    );
    assert.equal(counts.inserted, 2);
    const job = await f.job(jobId);
    assert.equal(job.status, "completed");
    // Held for a retry, not lost: the final events are still there (one failure logged, rate-limited).
    assert.equal(events.pending, 3);
    assert.deepEqual(
      warnings.map((w) => w.msg),
      ["cannot publish event; held for retry"],
    );
    // Shutting down with Redis still away: each event given up is logged.
    await events.close(0);
    assert.deepEqual(
      warnings.slice(1).map((w) => [w.msg, w.event, w.reason]),
      [
        ["event dropped", "sync.progress", "the worker is exiting"],
        ["event dropped", "sync.completed", "the worker is exiting"],
        ["event dropped", "transactions.created", "the worker is exiting"],
      ],
    );
  } finally {
    await events.close(0);
    await f.queue.resume();
    await f.close();
  }
});
