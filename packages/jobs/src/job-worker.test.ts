import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestRedis, eventually, type TestRedis } from "@fincoach/testing";
import { type Job, QueueEvents, type Worker } from "bullmq";
import { Registry } from "prom-client";
import { registerQueueBacklog } from "./backlog-metric.ts";
import { enqueueImportFile, enqueueSyncMailbox } from "./enqueue.ts";
import { bullPrefix, createJobQueue } from "./job-queues.ts";
import { startJobWorker } from "./job-worker.ts";
import { JOB_NAMES } from "./queues.ts";

let r: TestRedis;
before(async () => {
  r = await createTestRedis();
});
after(async () => {
  await r.cleanup();
});

const ids = () => ({ jobId: crypto.randomUUID(), userId: crypto.randomUUID(), connectionId: crypto.randomUUID() });
const where = () => ({ connection: r.redis.duplicate({ maxRetriesPerRequest: null }), redisPrefix: r.prefix });

const finished = (events: QueueEvents, bullJobId: string) =>
  new Promise<"completed" | "failed">((resolve) => {
    events.on("completed", ({ jobId }) => jobId === bullJobId && resolve("completed"));
    events.on("failed", ({ jobId }) => jobId === bullJobId && resolve("failed"));
  });

test("a payload that fails its schema fails once and is never retried; a transient error is", async () => {
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const w = where();
  const queue = createJobQueue("sync", { ...w, syncQueue });
  const events = new QueueEvents(syncQueue, { connection: w.connection, prefix: bullPrefix(r.prefix) });
  await events.waitUntilReady();
  const seen: string[] = [];
  let worker: Worker | undefined;
  try {
    worker = startJobWorker(
      "sync",
      {
        "sync-mailbox": async (payload) => {
          seen.push(payload.connectionId);
          throw new Error("connection reset");
        },
      },
      { ...w, syncQueue, settings: { backoffBaseMs: 10, backoffCapMs: 20, attempts: 3 } },
    );
    // Bypasses enqueueSyncMailbox (which checks the payload) as an old producer would.
    const bad = await queue.add(JOB_NAMES.syncMailbox, { jobId: "nope", userId: 42 }, { attempts: 5 });
    assert.equal(await finished(events, bad.id ?? ""), "failed");
    const failed = (await queue.getJob(bad.id ?? "")) as Job;
    assert.equal(failed.attemptsMade, 1);
    assert.match(failed.failedReason, /payload fails its schema \(jobId: .*userId: .*connectionId: /);
    assert.deepEqual(seen, []);

    const good = ids();
    const { bullJobId } = await enqueueSyncMailbox(queue, { ...good, trace: {} }, { attempts: 3 });
    assert.equal(await finished(events, bullJobId), "failed");
    const retried = (await queue.getJob(bullJobId)) as Job;
    assert.equal(retried.attemptsMade, 3);
    assert.deepEqual(seen, [good.connectionId, good.connectionId, good.connectionId]);
  } finally {
    await worker?.close();
    await events.close();
    await queue.close();
    w.connection.disconnect();
  }
});

test("enqueue checks payloads, collapses repeated ids and the backlog gauge counts waiting jobs", async () => {
  const w = where();
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const sync = createJobQueue("sync", { ...w, syncQueue });
  const imports = createJobQueue("imports", { ...w, syncQueue });
  const registry = new Registry();
  registerQueueBacklog(registry, [sync, imports]);
  try {
    await assert.rejects(
      enqueueSyncMailbox(sync, { jobId: "x", userId: crypto.randomUUID(), connectionId: crypto.randomUUID() }),
      (e: Error) => e.name === "UnrecoverableError" && /sync-mailbox: payload fails its schema/.test(e.message),
    );
    const one = ids();
    const first = await enqueueSyncMailbox(sync, one);
    const again = await enqueueSyncMailbox(sync, one);
    assert.equal(first.bullJobId, one.jobId);
    assert.equal(again.bullJobId, first.bullJobId);
    await enqueueSyncMailbox(sync, ids(), { bullJobId: "nightly-29000000-c1" });
    await enqueueSyncMailbox(sync, ids(), { bullJobId: "nightly-29000000-c1" });
    const importId = crypto.randomUUID();
    const imported = await enqueueImportFile(imports, { jobId: crypto.randomUUID(), userId: one.userId, importId });
    assert.equal(imported.bullJobId, `import-${importId}`);
    const stored = await sync.getJob(first.bullJobId);
    assert.deepEqual(stored?.data, { ...one, mode: "incremental", trace: {} });
    assert.equal(stored?.opts.attempts, 5);
    assert.deepEqual(stored?.opts.backoff, { type: "capped-jitter", delay: 5_000 });

    const text = await eventually(async () => {
      const t = await registry.metrics();
      assert.match(t, new RegExp(`fincoach_queue_backlog\\{queue="${syncQueue}"\\} 2\\n`));
      return t;
    }, 5_000);
    assert.match(text, /fincoach_queue_backlog\{queue="import-file"\} 1\n/);
  } finally {
    await sync.obliterate({ force: true });
    await imports.obliterate({ force: true });
    await Promise.all([sync.close(), imports.close()]);
    w.connection.disconnect();
  }
});
