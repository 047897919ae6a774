import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { ScoreRequest } from "@fincoach/contracts";
import { accounts, categories, users } from "@fincoach/db";
import {
  createRule,
  getImport,
  type ImportView,
  importStatement,
  queueImport,
  seedDefaultCategories,
} from "@fincoach/domain";
import { userEventStreamKey } from "@fincoach/events";
import { createJobQueue, enqueueImportFile, type ImportFilePayload, startJobWorker } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
import { createScoreModelFromConfig, toMlClientConfig } from "@fincoach/ml-client";
import { createTestDatabase, createTestRedis, eventually, type TestDatabase, type TestRedis } from "@fincoach/testing";
import type { Job, Queue, Worker } from "bullmq";
import { and, eq } from "drizzle-orm";
import type { Redis } from "ioredis";
import { importFileProcessor, importJobFailed } from "./import-file-processor.ts";

/**
 * The `import-file` job on real PostgreSQL and Redis: queued through the use case the API's
 * 202 path calls, run by the processor under a real BullMQ worker, compared with a
 * synchronous import of the same file into another person's account.
 */
let database: TestDatabase;
let redis: TestRedis;
let worker: Worker;
let workerConnection: Redis;
let producer: Queue;
let processor: ReturnType<typeof importFileProcessor>;

before(async () => {
  [database, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
  const logger = createLogger({ service: "worker-test", level: "silent" });
  processor = importFileProcessor({ db: database.db, redis: redis.redis, redisPrefix: redis.prefix, logger });
  workerConnection = redis.redis.duplicate({ maxRetriesPerRequest: null });
  const where = { connection: workerConnection, redisPrefix: redis.prefix };
  worker = startJobWorker("imports", { "import-file": processor }, where);
  producer = createJobQueue("imports", where);
});
after(async () => {
  await worker?.close();
  await producer?.close();
  workerConnection?.disconnect();
  await database?.drop();
  await redis?.cleanup();
});

/**
 * A CSV statement: `rows` records from number `from`, every 50th without an amount (a
 * record skipped with its reason), descriptions a rule can match.
 */
const statement = (rows: number, from = 0): string => {
  let text = "Date,Description,Amount\n";
  for (let i = from; i < from + rows; i++) {
    const date = `2026-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
    const amount = i % 50 === 49 ? "" : `-${(i % 997) + 1}.${String(i % 100).padStart(2, "0")}`;
    text += `${date},Card payment ${i} at shop ${i % 37},${amount}\n`;
  }
  return text;
};
const bytes = (text: string) => new TextEncoder().encode(text);

/** A person with a USD account and a rule (the categorization pipeline runs in both paths). */
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
    .values({ userId, name: "Main", type: "checking", currency: "USD" })
    .returning();
  const [groceries] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.userId, userId), eq(categories.name, "Groceries")));
  const ctx = { db, userId };
  await createRule({
    ctx,
    input: { name: "shop 3", conditions: { descriptionContains: "at shop 3" }, categoryId: groceries!.id },
  });
  return { userId, accountId: account!.id, ctx };
};
type Person = Awaited<ReturnType<typeof newPerson>>;

/** Queued as the API's 202 path queues it: the record and file in PostgreSQL, the job through the enqueue helper. */
const queue = (p: Person, content: string, filename = "big.csv") =>
  queueImport({
    ctx: p.ctx,
    input: { accountId: p.accountId, filename },
    content: bytes(content),
    queue: {
      enqueue: async ({ importId, userId }) =>
        void (await enqueueImportFile(producer, { importId, jobId: importId, userId, trace: {} })),
    },
  });

const finished = (p: Person, importId: string) =>
  eventually(async () => {
    const view = await getImport({ ctx: p.ctx, input: { id: importId } });
    assert.ok(view.status === "completed" || view.status === "failed", `still ${view.status}`);
    return view;
  }, 60_000);

const accounting = (v: Pick<ImportView, "seen" | "inserted" | "duplicates" | "skipped" | "truncated" | "failed">) => ({
  seen: v.seen,
  inserted: v.inserted,
  duplicates: v.duplicates,
  skipped: v.skipped,
  truncated: v.truncated,
  failed: v.failed,
});

/** What the account holds, comparable across accounts: count, sum, and rows the rule categorized. */
const holdings = async (accountId: string) => {
  const [row] = await database.sql<{ count: number; sum: string; categorized: number }[]>`
    select count(*)::int as count, coalesce(sum(amount_minor), 0)::text as sum,
           count(*) filter (where category_source = 'rule')::int as categorized
    from transactions where account_id = ${accountId}`;
  return row!;
};

const uploadsLeft = async (importId: string) =>
  (await database.sql<{ n: number }[]>`select count(*)::int as n from import_uploads where import_id = ${importId}`)[0]!
    .n;

const eventsOf = async (userId: string) =>
  (await redis.redis.xrange(userEventStreamKey(redis.prefix, userId), "-", "+")).map(([, fields]) => ({
    type: fields[fields.indexOf("type") + 1],
    data: JSON.parse(fields[fields.indexOf("data") + 1] ?? "null"),
  }));

/** A payload as the producer writes it, for running the processor again by hand. */
const payloadOf = (p: Person, importId: string): ImportFilePayload => ({
  importId,
  jobId: importId,
  userId: p.userId,
  trace: {},
});
const fakeJob = { attemptsMade: 0, opts: { attempts: 3 }, updateProgress: async () => {} } as unknown as Job;

describe("import-file: a queued import ends as a synchronous import of the same file", () => {
  test("same accounting, same rows; progress then the end on the person's stream only; the file is dropped", async () => {
    const [queuedFor, syncFor] = [await newPerson(), await newPerson()];
    // Both accounts already hold the first 500 records: the large file's overlap is duplicates.
    for (const p of [queuedFor, syncFor])
      await importStatement({ ctx: p.ctx, input: { accountId: p.accountId }, content: statement(500) });
    const large = statement(6_000);

    const queued = await queue(queuedFor, large);
    assert.deepEqual([queued.status, queued.startedAt, queued.completedAt], ["queued", null, null]);
    const done = await finished(queuedFor, queued.importId);
    const sync = await importStatement({
      ctx: syncFor.ctx,
      input: { accountId: syncFor.accountId, filename: "big.csv" },
      content: large,
    });

    assert.equal(done.status, "completed", JSON.stringify(done.errors));
    assert.deepEqual(accounting(done), accounting(sync));
    assert.deepEqual(accounting(done), {
      seen: 6_000,
      inserted: 6_000 - 500 - 110,
      duplicates: 500 - 10,
      skipped: 120,
      truncated: 0,
      failed: 0,
    });
    assert.deepEqual(done.skippedRecords, sync.skippedRecords);
    assert.equal(done.inserted + done.duplicates + done.skipped, done.seen);
    assert.deepEqual([done.format, done.error], ["csv", null]);
    assert.ok(done.startedAt && done.completedAt && done.startedAt <= done.completedAt);
    assert.deepEqual(await holdings(queuedFor.accountId), await holdings(syncFor.accountId));
    assert.ok((await holdings(queuedFor.accountId)).categorized > 0, "the pipeline's rule decided rows");
    assert.equal(await uploadsLeft(queued.importId), 0);

    // Published after the commit the record shows: wait for the last one.
    const mine = await eventually(async () => {
      const events = (await eventsOf(queuedFor.userId)).filter((e) => e.data.importId === queued.importId);
      assert.equal(events.at(-1)?.type, "import.completed");
      return events;
    }, 30_000);
    const progress = mine.filter((e) => e.type === "import.progress").map((e) => e.data);
    assert.ok(progress.length >= 2, JSON.stringify(progress));
    assert.deepEqual(progress.at(-1), { importId: queued.importId, processed: 6_000, total: 6_000 });
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].processed > progress[i - 1].processed);
    assert.deepEqual(mine.at(-1), {
      type: "import.completed",
      data: {
        importId: queued.importId,
        status: "completed",
        inserted: 5_390,
        duplicates: 490,
        skipped: 120,
        failed: 0,
      },
    });
    const others = await eventsOf(syncFor.userId);
    assert.ok(!others.some((e) => e.data.importId === queued.importId), "another person hears nothing of it");
  });

  test("a malformed file: failed for good (no retry) with line and field, nothing inserted, the file dropped", async () => {
    const p = await newPerson();
    const bad = `${statement(3_000)}2026-05-05,Card payment at shop 1,12.3.4\n${statement(100, 3_000).split("\n").slice(1).join("\n")}`;
    const queued = await queue(p, bad);
    const failed = await finished(p, queued.importId);
    assert.equal(failed.status, "failed");
    assert.deepEqual(
      failed.errors.map((e) => e.path),
      ["line 3002 / amount"],
    );
    assert.equal(failed.failed, 1);
    assert.ok(failed.error && failed.completedAt);
    assert.deepEqual([failed.inserted, (await holdings(p.accountId)).count], [0, 0]);
    assert.equal(await uploadsLeft(queued.importId), 0);
    // The record fails before BullMQ hears the job did: wait for BullMQ, then read the job afresh.
    const attempts = await eventually(async () => {
      const job = await producer.getJob(`import-${queued.importId}`);
      assert.equal(await job?.getState(), "failed");
      return (await producer.getJob(`import-${queued.importId}`))?.attemptsMade;
    }, 30_000);
    assert.equal(attempts, 1, "never retried");
    const end = await eventually(async () => {
      const last = (await eventsOf(p.userId)).filter((e) => e.type === "import.completed").at(-1);
      assert.ok(last);
      return last;
    }, 30_000);
    assert.deepEqual(end.data, {
      importId: queued.importId,
      status: "failed",
      inserted: 0,
      duplicates: 0,
      skipped: 0,
      failed: 1,
    });
  });
});

describe("import-file: run again after a crash, nothing twice", () => {
  test("the job delivered again after its run committed (a worker killed before BullMQ heard) inserts nothing", async () => {
    const p = await newPerson();
    const queued = await queue(p, statement(2_000));
    const first = await finished(p, queued.importId);
    const before = await holdings(p.accountId);
    const again = (await processor(payloadOf(p, queued.importId), fakeJob)) as { status: string; inserted: number };
    assert.deepEqual([again.status, again.inserted], ["completed", first.inserted]);
    assert.deepEqual(await holdings(p.accountId), before);
    assert.deepEqual(accounting(await getImport({ ctx: p.ctx, input: { id: queued.importId } })), accounting(first));
  });

  test("a run killed mid-import (taken up, nothing committed) is run again to the same end, once", async () => {
    const p = await newPerson();
    const control = await newPerson();
    const file = statement(2_500);
    // Queued without a job, then left as a killed worker leaves it: running, file still stored.
    const queued = await queueImport({
      ctx: p.ctx,
      input: { accountId: p.accountId },
      content: bytes(file),
      queue: { enqueue: async () => {} },
    });
    await database.sql`update imports set status = 'running', started_at = now() where id = ${queued.importId}`;
    // Two runs at once: the resumed one and the one thought dead, both reaching the commit.
    await Promise.all([
      processor(payloadOf(p, queued.importId), fakeJob),
      processor(payloadOf(p, queued.importId), fakeJob),
    ]);
    const done = await getImport({ ctx: p.ctx, input: { id: queued.importId } });
    const sync = await importStatement({ ctx: control.ctx, input: { accountId: control.accountId }, content: file });
    assert.equal(done.status, "completed");
    assert.deepEqual(accounting(done), accounting(sync));
    assert.deepEqual(await holdings(p.accountId), await holdings(control.accountId));
    assert.equal(await uploadsLeft(queued.importId), 0);
  });

  test("a queued import refreshes the account's recurring streams, as a synchronous import does", async () => {
    const p = await newPerson();
    let text = "Date,Description,Amount\n";
    for (const month of ["01", "02", "03", "04"]) text += `2026-${month}-07,NETFLIX.COM 866-579-7172,-15.99\n`;
    text += "2026-02-11,TESCO STORES 2335,-42.10\n";
    const queued = await queue(p, text, "subscriptions.csv");
    assert.equal((await finished(p, queued.importId)).status, "completed");
    // The refresh runs after the commit that completes the record: wait for it.
    await eventually(async () => {
      const streams = await database.sql<{ cadence: string; occurrences: number }[]>`
        select cadence, occurrences
        from recurring_streams where user_id = ${p.userId} and account_id = ${p.accountId}`;
      assert.deepEqual(
        streams.map((s) => [s.cadence, s.occurrences]),
        [["monthly", 4]],
      );
    }, 30_000);
  });

  test("another person's import id in a payload finds nothing and runs nothing", async () => {
    const [owner, stranger] = [await newPerson(), await newPerson()];
    const queued = await queueImport({
      ctx: owner.ctx,
      input: { accountId: owner.accountId },
      content: bytes(statement(10)),
      queue: { enqueue: async () => {} },
    });
    await assert.rejects(
      processor(payloadOf(stranger, queued.importId), fakeJob),
      (e: Error) => e.name === "UnrecoverableError",
    );
    const view = await getImport({ ctx: owner.ctx, input: { id: queued.importId } });
    assert.deepEqual([view.status, (await holdings(owner.accountId)).count], ["queued", 0]);
    assert.equal(await uploadsLeft(queued.importId), 1);
  });
});

describe("import-file: a job BullMQ fails without the processor", () => {
  test("a job stalled past BullMQ's limit: its record failed, its file dropped, the person told; a finished one untouched", async () => {
    const p = await newPerson();
    const queued = await queueImport({
      ctx: p.ctx,
      input: { accountId: p.accountId },
      content: bytes(statement(10)),
      queue: { enqueue: async () => {} },
    });
    // As two killed workers leave it: taken up, nothing committed.
    await database.sql`update imports set status = 'running', started_at = now() where id = ${queued.importId}`;
    const failedJob = (importId: string) =>
      ({
        name: "import-file",
        finishedOn: Date.now(),
        failedReason: "job stalled more than allowable limit",
        data: payloadOf(p, importId),
      }) as unknown as Job;
    const onFailed = importJobFailed({
      db: database.db,
      redis: redis.redis,
      redisPrefix: redis.prefix,
      logger: createLogger({ service: "worker-test", level: "silent" }),
    });
    await onFailed(failedJob(queued.importId));
    const view = await getImport({ ctx: p.ctx, input: { id: queued.importId } });
    assert.deepEqual([view.status, view.inserted, await uploadsLeft(queued.importId)], ["failed", 0, 0]);
    assert.match(view.error ?? "", /upload the file again/);
    const end = (await eventsOf(p.userId)).filter((e) => e.type === "import.completed").at(-1);
    assert.deepEqual(end?.data, {
      importId: queued.importId,
      status: "failed",
      inserted: 0,
      duplicates: 0,
      skipped: 0,
      failed: 0,
    });

    const done = await finished(p, (await queue(p, statement(20))).importId);
    await onFailed(failedJob(done.importId));
    assert.deepEqual(await getImport({ ctx: p.ctx, input: { id: done.importId } }), done);
  });
});

describe("import-file: the categorization pipeline's model stage through the worker's ML client", () => {
  test("rows the rules leave open are scored by the ML service, as a synchronous import with the same client scores them", async () => {
    const calls: { userId: string; items: number; explain: boolean | undefined }[] = [];
    const ml = createServer(async (req, res) => {
      let text = "";
      for await (const chunk of req) text += chunk;
      const body = ScoreRequest.parse(JSON.parse(text));
      calls.push({ userId: body.userId, items: body.items.length, explain: body.explain });
      const scores = body.items.map(() => ({
        model: "categorizer",
        version: "v7",
        scope: "shared",
        labels: [
          { label: "Vehicle Fuel", confidence: 0.9 },
          { label: "Books", confidence: 0.05 },
        ],
        explanation: [],
      }));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ scores }));
    });
    await new Promise<void>((resolve) => ml.listen(0, "127.0.0.1", resolve));
    try {
      const logger = createLogger({ service: "worker-test", level: "silent" });
      const url = `http://127.0.0.1:${(ml.address() as AddressInfo).port}`;
      const config = toMlClientConfig({
        ML_URL: url,
        ML_URL_TEMPLATE: undefined,
        TRAFFIC_WEIGHTS_FILE: undefined,
        ML_MODEL: "categorizer",
        ML_TIMEOUT_MS: 5000,
      });
      const scoreModel = createScoreModelFromConfig(config, logger);
      assert.ok(scoreModel);
      const withModel = importFileProcessor({
        db: database.db,
        redis: redis.redis,
        redisPrefix: redis.prefix,
        logger,
        scoreModel,
      });
      const [p, control] = [await newPerson(), await newPerson()];
      const file = statement(1_500);
      const queued = await queueImport({
        ctx: p.ctx,
        input: { accountId: p.accountId },
        content: bytes(file),
        queue: { enqueue: async () => {} },
      });
      await withModel(payloadOf(p, queued.importId), fakeJob);
      await importStatement({ ctx: control.ctx, input: { accountId: control.accountId }, content: file, scoreModel });

      const sources = (accountId: string) => database.sql<
        { source: string | null; version: string | null; n: number }[]
      >`
        select category_source as source, category_model_version as version, count(*)::int as n
        from transactions where account_id = ${accountId} group by 1, 2 order by 1, 2`;
      const mine = await sources(p.accountId);
      assert.deepEqual(mine, await sources(control.accountId));
      assert.ok(
        mine.some((r) => r.source === "model" && r.version === "v7" && r.n > 0),
        JSON.stringify(mine),
      );
      assert.ok(
        mine.some((r) => r.source === "rule" && r.n > 0),
        JSON.stringify(mine),
      );
      const forQueued = calls.filter((c) => c.userId === p.userId);
      assert.ok(forQueued.length > 0 && forQueued.every((c) => c.explain === false), JSON.stringify(calls));
    } finally {
      ml.closeAllConnections();
      ml.close();
    }
  });
});
