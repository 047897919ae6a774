import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { users, webhookDeliveries } from "@fincoach/db";
import { createConnection, requestConnectionSync } from "@fincoach/domain";
import { createWebhook } from "@fincoach/domain/notifications";
import { createJobQueue, enqueueSyncBank } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  type PlaidStandIn,
  startPlaidStandIn,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import type { Queue } from "bullmq";
import { eq } from "drizzle-orm";
import { startWorkers, type Workers } from "../start-workers.ts";
import { keyring } from "../test-support/sync-fixture.ts";

let database: TestDatabase;
let redis: TestRedis;
let plaid: PlaidStandIn;
let workers: Workers;
let queue: Queue;
let producer: TestRedis["redis"];
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => {
    body += c.toString();
  });
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    res.end("ok");
  });
});
const syncQueue = `sync-${crypto.randomUUID()}`;

before(async () => {
  [database, redis, plaid] = await Promise.all([createTestDatabase(), createTestRedis(), startPlaidStandIn()]);
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  workers = startWorkers({
    db: database.db,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    keyring,
    logger: createLogger({ service: "worker-test", level: "silent" }),
    syncQueue,
    source: "bank",
    plaid: { baseUrl: plaid.url, clientId: plaid.clientId, secret: plaid.secret },
    // The receiver is on loopback: allowed here as a test deployment would (WEBHOOK_ALLOW_PRIVATE).
    webhookPolicy: { allowPrivate: true, allowedCidrs: [] },
  });
  producer = redis.redis.duplicate();
  queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
});
after(async () => {
  await workers?.close(5_000);
  await queue?.close();
  producer?.disconnect();
  receiver.closeAllConnections();
  receiver.close();
  await Promise.allSettled([plaid?.stop(), database?.drop()]);
  await redis?.cleanup();
});

test("a bank sync run by startWorkers notifies the person's webhook: sync.completed and transactions.created, signed", async () => {
  const [user] = await database.db
    .insert(users)
    .values({ email: `u${randomBytes(6).toString("hex")}@example.com`, passwordHash: "x" })
    .returning();
  const ctx = { db: database.db, userId: user!.id, keyring };
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const hook = await createWebhook({
    ctx,
    input: { url, eventTypes: ["sync.completed", "transactions.created"] },
    policy: { allowPrivate: true, allowedCidrs: [] },
  });
  const token = plaid.createItem([
    {
      account_id: "acc-chk",
      name: "Plaid Checking",
      mask: "0000",
      type: "depository",
      subtype: "checking",
      iso_currency_code: "USD",
    },
  ]);
  plaid.add(token, [
    {
      transaction_id: "t1",
      account_id: "acc-chk",
      amount: "12.50",
      date: "2026-11-20",
      name: "Shop",
      merchant_name: "Shop",
    },
    {
      transaction_id: "t2",
      account_id: "acc-chk",
      amount: "3.10",
      date: "2026-11-21",
      name: "Cafe",
      merchant_name: "Cafe",
    },
  ]);
  const connection = await createConnection({ ctx, input: { type: "plaid", name: "Bank", accessToken: token } });
  const { jobId } = await requestConnectionSync({
    ctx,
    input: { id: connection.id },
    queue: { enqueue: async (job) => void (await enqueueSyncBank(queue, { ...job, trace: {} })) },
  });
  const rows = await eventually(async () => {
    const all = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id));
    assert.equal(all.length, 2);
    assert.ok(
      all.every((r) => r.status === "delivered"),
      JSON.stringify(all.map((r) => r.status)),
    );
    return all;
  }, 60_000);
  assert.deepEqual(rows.map((r) => r.eventId).sort(), [
    `sync.completed:${jobId}`,
    `transactions.created:sync:${jobId}`,
  ]);
  const mine = received.filter((r) => rows.some((d) => d.id === r.headers["fincoach-delivery-id"]));
  assert.equal(mine.length, 2);
  for (const r of mine) {
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers["fincoach-signature"]))!;
    assert.equal(createHmac("sha256", hook.secret).update(`${t}.${r.body}`).digest("hex"), v1);
  }
  const created = mine.map((r) => JSON.parse(r.body)).find((b) => b.type === "transactions.created");
  assert.deepEqual(created.data, { count: 2, syncJobId: jobId });
});
