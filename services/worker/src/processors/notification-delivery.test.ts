import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { users, webhookDeliveries } from "@fincoach/db";
import { parseKeyring } from "@fincoach/domain";
import { createWebhook, notifyPerson } from "@fincoach/domain/notifications";
import { createJobQueue, currentTraceCarrier, enqueueDeliverNotification } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
import { createTestDatabase, createTestRedis, eventually, type TestDatabase, type TestRedis } from "@fincoach/testing";
import type { Queue } from "bullmq";
import { eq } from "drizzle-orm";
import { noSyncEvents } from "../sync-events.ts";
import { createNotifier, withNotifications } from "./notification-sync-events.ts";
import { startNotificationWorkers } from "./notification-workers.ts";

const KEYS = `k1:${randomBytes(32).toString("base64")}`;
const keyring = parseKeyring(KEYS);
const OPEN = { allowPrivate: true, allowedCidrs: [] };

let database: TestDatabase;
let redis: TestRedis;
let queue: Queue;

/**
 * A real receiver on loopback. Each request gets the next of `plan`: a status, or "hold" (no
 * answer until the test ends, as a receiver would see a worker die mid-request). It keeps
 * the bodies it accepted by FinCoach-Delivery-Id, deduplicating as docs/notifications.md
 * tells receivers to.
 */
const startReceiver = async (plan: (number | "hold")[]) => {
  const requests: { id: string; body: string; signature: string }[] = [];
  const accepted = new Map<string, string[]>();
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      const id = String(req.headers["fincoach-delivery-id"]);
      requests.push({ id, body, signature: String(req.headers["fincoach-signature"]) });
      const next = plan.shift() ?? 200;
      if (next === "hold") {
        held.push(res);
        return;
      }
      if (next === 200) accepted.set(id, [...(accepted.get(id) ?? []), body]);
      res.writeHead(next).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    /** Deliveries the receiver acted on, once per delivery id. */
    deduplicated: () => [...accepted.keys()],
    acceptedTimes: (id: string) => accepted.get(id)?.length ?? 0,
    close: () =>
      new Promise<void>((r) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
};

const newPerson = async () => {
  const [u] = await database.db
    .insert(users)
    .values({ email: `u${randomBytes(4).toString("hex")}@example.com`, passwordHash: "x" })
    .returning();
  return { db: database.db, userId: u!.id, keyring };
};

const enqueue = (d: { id: string; userId: string }) =>
  enqueueDeliverNotification(queue, { jobId: d.id, deliveryId: d.id, userId: d.userId, trace: currentTraceCarrier() });

const deliveryRow = async (id: string) =>
  (await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;

before(async () => {
  database = await createTestDatabase();
  redis = await createTestRedis();
  queue = createJobQueue("notifications", { connection: redis.redis, redisPrefix: redis.prefix });
});
after(async () => {
  await queue.close();
  await redis.cleanup();
  redis.redis.disconnect();
  await database.drop();
});

test("through the queue: a receiver failing 3 times then 200 gets it once, 4 attempts logged, each signed", async () => {
  const receiver = await startReceiver([500, 502, 503]);
  const connection = redis.redis.duplicate({ maxRetriesPerRequest: null });
  const n = startNotificationWorkers({
    db: database.db,
    keyring,
    logger: createLogger({ service: "worker", level: "silent" }),
    where: { connection, redisPrefix: redis.prefix },
    policy: OPEN,
    settings: { backoffBaseMs: 50, backoffCapMs: 200 },
    timeoutMs: 5_000,
  });
  try {
    const ctx = await newPerson();
    const hook = await createWebhook({
      ctx,
      input: { url: receiver.url, eventTypes: ["sync.completed"] },
      policy: OPEN,
    });
    const [d] = await notifyPerson(
      database.db,
      ctx.userId,
      { type: "sync.completed", eventId: "sync.completed:s1", data: { syncJobId: "s1" } },
      enqueue,
    );
    const row = await eventually(async () => {
      const r = await deliveryRow(d!.id);
      assert.equal(r.status, "delivered");
      return r;
    });
    assert.equal(row.attempts, 4);
    assert.deepEqual(
      row.attemptLog.map((a) => a.statusCode),
      [500, 502, 503, 200],
    );
    for (const a of row.attemptLog.slice(0, 3)) {
      // The job waited until the logged time (the processor moves it to delayed until then).
      assert.ok(a.nextAttemptAt && Date.parse(a.nextAttemptAt) > Date.parse(a.at));
    }
    assert.equal(receiver.requests.length, 4);
    assert.deepEqual(receiver.deduplicated(), [d!.id]);
    assert.equal(receiver.acceptedTimes(d!.id), 1);
    for (const r of receiver.requests) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(r.signature)!;
      assert.equal(createHmac("sha256", hook.secret).update(`${t}.${r.body}`).digest("hex"), v1);
    }
    assert.equal(await (await queue.getJob(d!.id))!.getState(), "completed");
  } finally {
    await n.close();
    connection.disconnect();
    await receiver.close();
  }
});

const startChild = async (): Promise<ChildProcess> => {
  const child = spawn(process.execPath, [new URL("./notification-test-worker.ts", import.meta.url).pathname], {
    env: { ...process.env, DATABASE_URL: database.url, REDIS_PREFIX: redis.prefix, CONNECTION_KEYS: KEYS },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (b: Buffer) => {
      if (b.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
  return child;
};
const stop = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });

test("a worker SIGKILLed mid-delivery and its job lost: the sweeper of the next worker delivers it, once", async () => {
  const receiver = await startReceiver(["hold"]);
  const ctx = await newPerson();
  await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["alert.raised"] }, policy: OPEN });
  let first: ChildProcess | undefined;
  let second: ChildProcess | undefined;
  try {
    first = await startChild();
    const [d] = await notifyPerson(
      database.db,
      ctx.userId,
      { type: "alert.raised", eventId: "alert.raised:a1", data: { alertId: "a1", kind: "budget_over" } },
      enqueue,
    );
    // The first worker is inside the attempt: the receiver holds its request.
    await eventually(() => assert.equal(receiver.requests.length, 1));
    assert.equal((await deliveryRow(d!.id)).status, "sending");
    await stop(first, "SIGKILL");
    // Redis loses the job too (a restart without persistence): only PostgreSQL knows.
    await queue.obliterate({ force: true });
    assert.equal(await queue.getJob(d!.id), undefined);

    second = await startChild();
    const row = await eventually(async () => {
      const r = await deliveryRow(d!.id);
      assert.equal(r.status, "delivered");
      return r;
    });
    // The killed attempt never recorded anything; the new worker's is the one logged.
    assert.equal(row.attempts, 1);
    assert.equal(row.attemptLog[0]!.statusCode, 200);
    assert.deepEqual(receiver.deduplicated(), [d!.id]);
    assert.equal(receiver.acceptedTimes(d!.id), 1);
    assert.equal(receiver.requests.length, 2, "the held request and the one delivery");
    assert.ok(receiver.requests.every((r) => r.id === d!.id && r.body === receiver.requests[0]!.body));
  } finally {
    if (first) await stop(first, "SIGKILL");
    if (second) await stop(second, "SIGTERM");
    await receiver.close();
  }
});

test("a sync's end fans out sync.completed and transactions.created (or sync.failed), once per sync job", async () => {
  const ctx = await newPerson();
  const hook = await createWebhook({
    ctx,
    input: { url: "http://127.0.0.1:9/", eventTypes: ["sync.completed", "sync.failed", "transactions.created"] },
    policy: OPEN,
  });
  const events = withNotifications(
    noSyncEvents,
    createNotifier({ db: database.db, queue, logger: createLogger({ service: "worker", level: "silent" }) }),
  );
  const counts = { processed: 3, inserted: 2, duplicates: 1, skipped: 0, failed: 0 };
  const job = "7a1c8a52-52a7-4b54-9f1e-3d0f1b6f2a11";
  await events.completed(ctx.userId, job, "c0ffee00-0000-4000-8000-000000000001", counts, []);
  await events.completed(ctx.userId, job, "c0ffee00-0000-4000-8000-000000000001", counts, []);
  await events.failed(
    ctx.userId,
    "7a1c8a52-52a7-4b54-9f1e-3d0f1b6f2a12",
    "c0ffee00-0000-4000-8000-000000000001",
    "refused",
  );
  const rows = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id));
  assert.deepEqual(rows.map((r) => r.eventId).sort(), [
    `sync.completed:${job}`,
    "sync.failed:7a1c8a52-52a7-4b54-9f1e-3d0f1b6f2a12",
    `transactions.created:sync:${job}`,
  ]);
  for (const r of rows) assert.ok(await queue.getJob(r.id), "each delivery has its job");
  await queue.obliterate({ force: true });
});
