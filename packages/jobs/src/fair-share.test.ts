import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestRedis, eventually, type TestRedis } from "@fincoach/testing";
import type { Worker } from "bullmq";
import { enqueueSyncMailbox } from "./enqueue.ts";
import {
  addFairBulk,
  claimFairPriority,
  clampPriority,
  fairSlotsHeld,
  MAX_PRIORITY,
  STALE_AFTER_MS,
} from "./fair-share.ts";
import { createJobQueue } from "./job-queues.ts";
import { startJobWorker } from "./job-worker.ts";
import { JOB_NAMES } from "./queues.ts";

let r: TestRedis;
before(async () => {
  r = await createTestRedis();
});
after(async () => {
  await r.cleanup();
});

const where = () => ({ connection: r.redis.duplicate({ maxRetriesPerRequest: null }), redisPrefix: r.prefix });

test("one person's 50 queued jobs do not starve another's 3; every slot is released, failed jobs' too", async () => {
  const w = where();
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const queue = createJobQueue("sync", { ...w, syncQueue });
  const a = crypto.randomUUID();
  const b = crypto.randomUUID();
  const order: string[] = [];
  let worker: Worker | undefined;
  try {
    const enqueue = (userId: string) =>
      enqueueSyncMailbox(
        queue,
        { jobId: crypto.randomUUID(), userId, connectionId: crypto.randomUUID(), trace: {} },
        // One attempt: B's jobs fail for good, which must free their slots as completion does.
        { attempts: 1 },
      );
    for (let i = 0; i < 50; i++) await enqueue(a);
    for (let i = 0; i < 3; i++) await enqueue(b);
    assert.equal(await fairSlotsHeld(queue, a), 50);
    assert.equal(await fairSlotsHeld(queue, b), 3);

    worker = startJobWorker(
      "sync",
      {
        "sync-mailbox": async (payload) => {
          order.push(payload.userId === a ? "A" : "B");
          if (payload.userId === b) throw new Error("mailbox unreachable");
        },
      },
      { ...w, syncQueue, settings: { concurrency: 1 }, autorun: false },
    );
    void worker.run();
    await eventually(async () => {
      assert.equal(order.length, 53);
      assert.equal(await fairSlotsHeld(queue, a), 0);
      assert.equal(await fairSlotsHeld(queue, b), 0);
    }, 30_000);
    // FIFO would put B's jobs at 51..53; round-robin puts them right after A's 1st, 2nd, 3rd.
    assert.deepEqual(order.slice(0, 6), ["A", "B", "A", "B", "A", "B"]);
    assert.equal((await queue.getJobCounts("failed")).failed, 3);
    assert.equal((await queue.getJobCounts("completed")).completed, 50);
  } finally {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
    w.connection.disconnect();
  }
});

test("a repeated id keeps its rank, a re-add of a finished job holds no slot, stale entries expire", async () => {
  const w = where();
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const queue = createJobQueue("sync", { ...w, syncQueue });
  const user = crypto.randomUUID();
  let worker: Worker | undefined;
  try {
    assert.equal(await claimFairPriority(queue, user, "j1"), 1);
    assert.equal(await claimFairPriority(queue, user, "j2"), 2);
    assert.equal(await claimFairPriority(queue, user, "j1"), 1);
    assert.equal(await fairSlotsHeld(queue, user), 2);
    // A crashed worker's leftovers: entries older than STALE_AFTER_MS are dropped at the next claim.
    // The test's own connection on the same keys (BullMQ's client exposes no sorted-set commands).
    const client = r.redis;
    const key = queue.toKey(`fair:${user}`);
    await client.zadd(key, Date.now() - STALE_AFTER_MS - 1000, "ancient");
    assert.equal(await claimFairPriority(queue, user, "j3"), 3);
    assert.equal(await client.zscore(key, "ancient"), null);
    await client.del(key);

    const payload = { jobId: crypto.randomUUID(), userId: user, connectionId: crypto.randomUUID(), trace: {} };
    worker = startJobWorker("sync", { "sync-mailbox": async () => {} }, { ...w, syncQueue });
    const { bullJobId } = await enqueueSyncMailbox(queue, payload);
    await eventually(async () => assert.equal(await queue.getJobState(bullJobId), "completed"), 10_000);
    await eventually(async () => assert.equal(await fairSlotsHeld(queue, user), 0), 10_000);
    await worker.close();
    worker = undefined;
    // BullMQ drops this add (the finished job is kept for de-duplication): it must not hold a slot.
    await enqueueSyncMailbox(queue, payload);
    assert.equal(await fairSlotsHeld(queue, user), 0);
  } finally {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
    w.connection.disconnect();
  }
});

test("addFairBulk (beat's path) gives each person's jobs their own ranks", async () => {
  const w = where();
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const queue = createJobQueue("sync", { ...w, syncQueue });
  const a = crypto.randomUUID();
  const b = crypto.randomUUID();
  try {
    const job = (userId: string, id: string) => ({
      name: JOB_NAMES.syncMailbox,
      data: { jobId: crypto.randomUUID(), userId, connectionId: crypto.randomUUID(), mode: "incremental", trace: {} },
      opts: { jobId: id },
    });
    await addFairBulk(queue, [job(a, "t-a1"), job(a, "t-a2"), job(b, "t-b1"), job(a, "t-a1")]);
    assert.equal((await queue.getJob("t-a1"))?.opts.priority, 1);
    assert.equal((await queue.getJob("t-a2"))?.opts.priority, 2);
    assert.equal((await queue.getJob("t-b1"))?.opts.priority, 1);
    assert.equal(await fairSlotsHeld(queue, a), 2);
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    w.connection.disconnect();
  }
});

test("any count becomes a valid BullMQ priority", () => {
  assert.equal(clampPriority(0), 1);
  assert.equal(clampPriority(-7), 1);
  assert.equal(clampPriority(Number.NaN), 1);
  assert.equal(clampPriority(3.9), 3);
  assert.equal(clampPriority(MAX_PRIORITY + 5), MAX_PRIORITY);
  assert.equal(MAX_PRIORITY, 2_097_152);
});
