import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, test } from "node:test";
import { publishUserEvent, type UserEvent, userEventStreamKey } from "@fincoach/events";
import { createLogger } from "@fincoach/logging";
import { eventually, freePort } from "@fincoach/testing";
import { Redis } from "ioredis";
import { createEventOutbox } from "./event-outbox.ts";

const servers = new Set<ChildProcess>();
after(() => {
  for (const s of servers) s.kill("SIGKILL");
});

const counts = (processed: number) => ({ processed, inserted: processed, duplicates: 0, skipped: 0, failed: 0 });
const progress = (jobId: string, processed: number): UserEvent => ({
  type: "sync.progress",
  data: { syncJobId: jobId, connectionId: jobId, progress: Math.min(99, processed / 10), counts: counts(processed) },
});
const completed = (jobId: string, processed: number): UserEvent => ({
  type: "sync.completed",
  data: { syncJobId: jobId, connectionId: jobId, counts: counts(processed) },
});

/** A Redis that is not there yet: the worker's shared client (maxRetriesPerRequest 2) pointed at a free port. */
const absentRedis = async () => {
  const port = await freePort();
  const client = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 2 });
  client.on("error", () => {});
  const start = async () => {
    const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", ""], {
      stdio: "ignore",
    });
    servers.add(server);
    await eventually(async () => assert.equal(await client.ping(), "PONG"), 10_000);
  };
  return { client, start };
};

const logs = () => {
  const lines: { msg: string; event?: string; reason?: string }[] = [];
  const logger = createLogger({
    service: "worker-test",
    level: "warn",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { lines, logger };
};

test("events pushed while Redis is away are held (a job's progress coalesced to its latest) and stored in order once it is back; pushes never wait on it", async () => {
  const { client, start } = await absentRedis();
  const { lines, logger } = logs();
  const prefix = `t${crypto.randomUUID()}:`;
  const outbox = createEventOutbox({
    logger,
    publish: (userId, event) => publishUserEvent(client, prefix, userId, event),
    retryMinMs: 50,
    retryMaxMs: 200,
  });
  try {
    const user = crypto.randomUUID();
    const job = crypto.randomUUID();
    await outbox.push(user, job, progress(job, 100));
    // Redis has failed once: later pushes return at once (the first resolves as soon as it failed).
    assert.equal(outbox.pending, 1);
    for (const p of [200, 300, 400]) await outbox.push(user, job, progress(job, p));
    await outbox.push(user, job, completed(job, 400));
    // The first progress may be in flight; of the later ones only the latest stays.
    assert.equal(outbox.pending, 3);

    await start();
    await eventually(() => assert.equal(outbox.pending, 0), 10_000);
    const stored = (await client.xrange(userEventStreamKey(prefix, user), "-", "+")) as [string, string[]][];
    const seen = stored.map(([, f]) => [f[f.indexOf("type") + 1], JSON.parse(f[f.indexOf("data") + 1] ?? "{}").counts]);
    assert.deepEqual(seen, [
      ["sync.progress", counts(100)],
      ["sync.progress", counts(400)],
      ["sync.completed", counts(400)],
    ]);
    assert.deepEqual(
      lines.map((l) => l.msg),
      ["cannot publish event; held for retry"],
      "one rate-limited line for the outage, nothing dropped",
    );
    // With Redis answering, a push is stored before it resolves.
    await outbox.push(user, job, completed(job, 400));
    assert.equal(await client.xlen(userEventStreamKey(prefix, user)), 4);
    await client.del(userEventStreamKey(prefix, user));
  } finally {
    await outbox.close(0);
    client.disconnect();
  }
});

test("the bound: past maxPending progress goes first, then the oldest event; each drop and each event still held at shutdown is logged", async () => {
  const { client } = await absentRedis();
  const { lines, logger } = logs();
  const outbox = createEventOutbox({
    logger,
    publish: (userId, event) => publishUserEvent(client, "never:", userId, event),
    maxPending: 2,
    retryMinMs: 60_000,
  });
  try {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    await outbox.push("u", a, progress(a, 1));
    await outbox.push("u", a, completed(a, 1));
    await outbox.push("u", b, completed(b, 2));
    await outbox.push("u", b, completed(b, 3));
    assert.equal(outbox.pending, 2);
    await outbox.close(0);
    await outbox.push("u", b, completed(b, 4));
    assert.deepEqual(
      lines.filter((l) => l.msg !== "cannot publish event; held for retry").map((l) => [l.msg, l.event, l.reason]),
      [
        ["event dropped", "sync.progress", "more than 2 events held"],
        ["event dropped", "sync.completed", "more than 2 events held"],
        ["event dropped", "sync.completed", "the worker is exiting"],
        ["event dropped", "sync.completed", "the worker is exiting"],
        ["event dropped: the worker is exiting", "sync.completed", undefined],
      ],
    );
  } finally {
    await outbox.close(0);
    client.disconnect();
  }
});
