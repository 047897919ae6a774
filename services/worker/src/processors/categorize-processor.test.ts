import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { ScoreRequest } from "@fincoach/contracts";
import { accounts, categories, transactions, users } from "@fincoach/db";
import { createRule, seedDefaultCategories } from "@fincoach/domain";
import { createJobQueue, enqueueCategorize } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
import { createScoreModelFromConfig, toMlClientConfig } from "@fincoach/ml-client";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  startDovecot,
  type TestDatabase,
  type TestDovecot,
  type TestRedis,
} from "@fincoach/testing";
import type { Queue } from "bullmq";
import { and, asc, eq } from "drizzle-orm";
import type { Redis } from "ioredis";
import { WorkerEnv } from "../env.ts";
import { startWorkers, type Workers } from "../start-workers.ts";
import { alertMail } from "../test-support/mail-fixtures.ts";
import { createSyncFixture, KEYS_SPEC, keyring } from "../test-support/sync-fixture.ts";

/**
 * The worker's categorize path against a real HTTP server speaking the ML service's
 * `POST /v1/score` contract (request parsed with the contract's schema), reached through the
 * same env keys and factory main.ts uses.
 */
let ml: Server;
let mlMode: "ok" | "down" = "ok";
const scoreCalls: { userId: string; descriptions: string[] }[] = [];
const readBody = async (req: IncomingMessage) => {
  let text = "";
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
};
/** The alerts' description is the mail's subject; the merchant (CORNER SHOP) comes as its own field. */
const labelFor = (description: string, merchant: string | null) => {
  const d = `${description} ${merchant ?? ""}`.toLowerCase();
  if (d.includes("shell")) return "Vehicle Fuel"; // default taxonomy: Fuel
  if (d.includes("corner shop")) return "Purchases Food"; // Groceries
  return "Equip Operational"; // no personal category
};

const alice = { username: "alice", password: "imap-pass" };
const syncQueue = `sync-${randomUUID()}`;
const warnings: { msg: string; userId?: string }[] = [];
let database: TestDatabase;
let redis: TestRedis;
let dovecot: TestDovecot;
let workers: Workers;
let producer: Queue;
let producerConnection: Redis;

before(async () => {
  ml = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/score") return res.writeHead(404).end();
    const body = ScoreRequest.parse(await readBody(req));
    scoreCalls.push({ userId: body.userId, descriptions: body.items.map((i) => i.description) });
    if (mlMode === "down") return res.writeHead(503).end("overloaded");
    const scores = body.items.map((item) => ({
      model: "categorizer",
      version: "v7",
      scope: "shared",
      labels: [
        { label: labelFor(item.description, item.merchant), confidence: 0.9 },
        { label: "Books", confidence: 0.05 },
      ],
      explanation: [{ feature: "word:shell", weight: 1.2 }],
    }));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ scores }));
  });
  await new Promise<void>((resolve) => ml.listen(0, "127.0.0.1", resolve));
  [database, redis, dovecot] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    startDovecot({ users: [alice] }),
  ]);
  // The worker's own env schema and the shared factory, as main.ts wires them.
  const env = WorkerEnv.parse({
    DATABASE_URL: database.url,
    CONNECTION_KEYS: KEYS_SPEC,
    ML_URL: `http://127.0.0.1:${(ml.address() as AddressInfo).port}`,
    ML_TIMEOUT_MS: "5000",
  });
  const logger = createLogger({
    service: "worker-test",
    level: "warn",
    destination: { write: (line: string) => void warnings.push(JSON.parse(line)) },
  });
  const scoreModel = createScoreModelFromConfig(toMlClientConfig(env), logger);
  assert.ok(scoreModel, "ML_URL configures a model stage");
  workers = startWorkers({
    db: database.db,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    keyring,
    logger,
    syncQueue,
    source: "mail",
    scoreModel,
  });
  producerConnection = redis.redis.duplicate();
  producer = createJobQueue("categorize", { connection: producerConnection, redisPrefix: redis.prefix });
});
after(async () => {
  await workers?.close(5_000);
  await producer?.close();
  producerConnection?.disconnect();
  ml?.closeAllConnections();
  ml?.close();
  await Promise.allSettled([dovecot?.stop(), database?.drop()]);
  await redis?.cleanup();
});

const newPerson = async () => {
  const { db } = database;
  const [user] = await db
    .insert(users)
    .values({ email: `p${randomUUID()}@example.com`, passwordHash: "x" })
    .returning();
  const userId = user!.id;
  await seedDefaultCategories(db, userId);
  const [account] = await db
    .insert(accounts)
    .values({ userId, name: "Card", type: "checking", currency: "GBP" })
    .returning();
  const categoryId = async (name: string) => {
    const [row] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.userId, userId), eq(categories.name, name)));
    return row!.id;
  };
  return { userId, accountId: account!.id, categoryId };
};

const rowsOf = (userId: string) =>
  database.db.select().from(transactions).where(eq(transactions.userId, userId)).orderBy(asc(transactions.description));

const categorizeJob = async (userId: string, transactionIds: string[]) => {
  const { bullJobId } = await enqueueCategorize(producer, { jobId: randomUUID(), userId, transactionIds, trace: {} });
  return eventually(async () => {
    const state = await (await producer.getJob(bullJobId))?.getState();
    assert.ok(state === "completed" || state === "failed", `job ${bullJobId} is ${state}`);
    return state;
  }, 30_000);
};

test("a categorize job: a rule decides its row, the ML service's model the rest (source model, its version)", async () => {
  mlMode = "ok";
  const p = await newPerson();
  const groceries = await p.categoryId("Groceries");
  await createRule({
    ctx: { db: database.db, userId: p.userId },
    input: { name: "tesco", conditions: { descriptionContains: "tesco" }, categoryId: groceries },
  });
  const inserted = await database.db
    .insert(transactions)
    .values(
      ["SHELL KINGS 587", "TESCO STORES 2041"].map((description, i) => ({
        userId: p.userId,
        accountId: p.accountId,
        date: `2026-11-0${i + 1}`,
        amountMinor: -7261n - BigInt(i),
        currency: "GBP",
        description,
      })),
    )
    .returning({ id: transactions.id });
  const callsBefore = scoreCalls.length;

  assert.equal(
    await categorizeJob(
      p.userId,
      inserted.map((r) => r.id),
    ),
    "completed",
  );

  const [shell, tesco] = await rowsOf(p.userId);
  assert.deepEqual(
    [shell?.description, shell?.categorySource, shell?.categoryId, shell?.categoryModel, shell?.categoryModelVersion],
    ["SHELL KINGS 587", "model", await p.categoryId("Fuel"), "categorizer", "v7"],
  );
  assert.ok(Math.abs((shell?.categoryConfidence ?? 0) - 0.9) < 1e-6, String(shell?.categoryConfidence));
  assert.deepEqual(
    [tesco?.description, tesco?.categorySource, tesco?.categoryId],
    ["TESCO STORES 2041", "rule", groceries],
  );
  // One model call, for this person, about the row the rule left open only.
  assert.deepEqual(scoreCalls.slice(callsBefore), [{ userId: p.userId, descriptions: ["SHELL KINGS 587"] }]);
});

test("the ML service down: the job still completes, the rows stay uncategorized with a warning; a later job decides them", async () => {
  const p = await newPerson();
  const [row] = await database.db
    .insert(transactions)
    .values({
      userId: p.userId,
      accountId: p.accountId,
      date: "2026-11-03",
      amountMinor: -4000n,
      currency: "GBP",
      description: "SHELL ROAD 12",
    })
    .returning({ id: transactions.id });
  mlMode = "down";
  assert.equal(await categorizeJob(p.userId, [row!.id]), "completed");
  const [undecided] = await rowsOf(p.userId);
  assert.deepEqual([undecided?.categorySource, undecided?.categoryId], [null, null]);
  const warned = warnings.filter((w) => w.userId === p.userId);
  assert.equal(warned.length, 1, JSON.stringify(warnings));
  assert.match(JSON.stringify(warned[0]), /503/);

  mlMode = "ok";
  assert.equal(await categorizeJob(p.userId, [row!.id]), "completed");
  const [decided] = await rowsOf(p.userId);
  assert.deepEqual([decided?.categorySource, decided?.categoryId], ["model", await p.categoryId("Fuel")]);
});

test("a mailbox sync's new transactions reach the model through the categorize queue", async () => {
  mlMode = "ok";
  await dovecot.append(alice, "INBOX", [alertMail("m1", 1250), alertMail("m2", 899), alertMail("m3", 4200)]);
  const f = await createSyncFixture({
    database,
    dovecot,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    syncQueue,
    mailbox: alice,
    folders: ["INBOX"],
  });
  try {
    await seedDefaultCategories(database.db, f.userId);
    const jobId = await f.requestSync();
    const job = await eventually(async () => {
      const j = await f.job(jobId);
      assert.ok(j.status === "completed" || j.status === "failed", `still ${j.status}`);
      return j;
    }, 60_000);
    assert.deepEqual([job.status, job.inserted], ["completed", 3]);
    const [groceries] = await database.db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.userId, f.userId), eq(categories.name, "Groceries")));
    const rows = await eventually(async () => {
      const r = await rowsOf(f.userId);
      assert.ok(
        r.every((t) => t.categorySource !== null),
        JSON.stringify(r.map((t) => t.categorySource)),
      );
      return r;
    }, 30_000);
    assert.equal(rows.length, 3);
    for (const r of rows)
      assert.deepEqual(
        [r.categorySource, r.categoryId, r.categoryModelVersion],
        ["model", groceries!.id, "v7"],
        r.description,
      );
    assert.ok(scoreCalls.some((c) => c.userId === f.userId && c.descriptions.length === 3));
  } finally {
    await f.close();
  }
});
