import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestRedis, eventually, type TestRedis } from "@fincoach/testing";
import type { Worker } from "bullmq";
import { enqueueSyncMailbox } from "./enqueue.ts";
import { AttemptAbandoned, JobAttempts } from "./job-attempts.ts";
import { createJobQueue } from "./job-queues.ts";
import { startJobWorker } from "./job-worker.ts";

let r: TestRedis;
before(async () => {
  r = await createTestRedis();
});
after(async () => {
  await r.cleanup();
});

/** A promise and its resolver, to drive attempts step by step. */
const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

test("a newer attempt of a job aborts the older one, starts only once its work stopped, and is handed back first", async () => {
  const attempts = new JobAttempts();
  const log: string[] = [];
  const firstRunning = gate();
  const first = attempts.run("j1", "t1", async (signal) => {
    log.push("first starts");
    firstRunning.open();
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    assert.ok(signal.reason instanceof AttemptAbandoned, String(signal.reason));
    // Its work is still stopping: the newer attempt must not have started yet.
    await new Promise((resolve) => setImmediate(resolve));
    log.push("first stops");
    throw signal.reason;
  });
  const firstSettled = first.then(
    () => log.push("first handed back: completed"),
    () => log.push("first handed back: failed"),
  );
  await firstRunning.opened;
  const secondMayEnd = gate();
  const second = attempts.run("j1", "t2", async (signal) => {
    log.push("second starts");
    await secondMayEnd.opened;
    assert.equal(signal.aborted, false);
    return "done";
  });
  const secondSettled = second.then((v) => log.push(`second handed back: ${v}`));
  // Another job's attempt is not held up by j1's.
  assert.equal(await attempts.run("j2", "t3", async () => "other"), "other");
  await eventually(() => assert.ok(log.includes("second starts")), 5_000);
  assert.deepEqual(attempts.running, ["j1"]);
  secondMayEnd.open();
  await Promise.all([firstSettled, secondSettled]);
  assert.deepEqual(log, [
    "first starts",
    "first stops",
    "second starts",
    "second handed back: done",
    "first handed back: failed",
  ]);
  assert.deepEqual(attempts.running, []);
});

test("abandon spares the attempt holding the job's lock and aborts one that does not", async () => {
  const attempts = new JobAttempts();
  let signal: AbortSignal | undefined;
  const running = gate();
  const done = attempts.run("j", "mine", async (s) => {
    signal = s;
    running.open();
    await new Promise((resolve) => s.addEventListener("abort", resolve, { once: true }));
  });
  await running.opened;
  attempts.abandon("j", "renewal failed", "mine");
  assert.equal(signal?.aborted, false, "the lock holds this attempt's token");
  attempts.abandon("j", "renewal failed", "someone else's");
  assert.equal(signal?.aborted, true);
  await done;
  attempts.abandon("gone", "nothing runs");
});

test("a job whose lock is lost mid-run (the key gone, as after a Redis outage longer than the lock): the running attempt is aborted, the job runs again, never twice at once, and completes", async () => {
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const connection = r.redis.duplicate({ maxRetriesPerRequest: null });
  const queue = createJobQueue("sync", { connection, redisPrefix: r.prefix, syncQueue });
  const seen: { attempt: number; aborted?: string }[] = [];
  let running = 0;
  let overlapped = false;
  let worker: Worker | undefined;
  try {
    worker = startJobWorker(
      "sync",
      {
        "sync-mailbox": async (_payload, _job, signal) => {
          running++;
          if (running > 1) overlapped = true;
          const me = { attempt: seen.length + 1 } as { attempt: number; aborted?: string };
          seen.push(me);
          try {
            // The first attempt runs until it is told to stop; the second finishes at once.
            if (me.attempt === 1)
              await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
            if (signal.aborted) {
              me.aborted = (signal.reason as Error).name;
              throw signal.reason;
            }
            return { attempt: me.attempt };
          } finally {
            running--;
          }
        },
      },
      // A short lock renewed every 250 ms; stalled jobs looked for every 500 ms.
      { connection, redisPrefix: r.prefix, syncQueue, settings: { lockDurationMs: 500 }, stalledIntervalMs: 500 },
    );
    // The lost lock as BullMQ reports it: the renewal, then the abandoned attempt's own ending.
    const errors: string[] = [];
    worker.on("error", (e) => errors.push(e.message));
    const { bullJobId } = await enqueueSyncMailbox(queue, {
      jobId: crypto.randomUUID(),
      userId: crypto.randomUUID(),
      connectionId: crypto.randomUUID(),
      trace: {},
    });
    await eventually(() => assert.equal(seen.length, 1), 10_000);
    // The lock expires while the attempt still runs: what a Redis restart longer than the lock does.
    await connection.del(`${worker.toKey(bullJobId)}:lock`);
    const job = await eventually(async () => {
      const j = await queue.getJob(bullJobId);
      assert.equal(await j?.getState(), "completed");
      return j;
    }, 15_000);
    assert.deepEqual(job?.returnvalue, { attempt: 2 });
    assert.deepEqual(seen, [{ attempt: 1, aborted: "AttemptAbandoned" }, { attempt: 2 }]);
    assert.equal(overlapped, false, "two attempts of the job ran at once");
    for (const e of errors) assert.match(e, /lock/i);
  } finally {
    await worker?.close();
    await queue.close();
    connection.disconnect();
  }
});
