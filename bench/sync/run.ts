/**
 * Sync throughput end to end (issue 12): a mailbox of transaction e-mails in a real Dovecot
 * and a bank feed in the Plaid stand-in, synced into PostgreSQL by 1, 2 and 4 real worker
 * processes (services/worker/src/main.ts). Each run gets a fresh migrated database and Redis
 * prefix; the clock runs from the first enqueue until every sync_jobs row is finished, then
 * the rows and money sums are checked exactly. Anchor: BullMQ's own throughput for no-op jobs
 * of the same shape and concurrency on the same Redis (the ceiling).
 *
 * One connection's sync is one BullMQ job and runs on one worker, so the work is spread over
 * several people/connections (default 20 mailboxes × 500 mails, 10 bank items × 10,000) for
 * more than one worker to share it.
 *
 *   sh scripts/node.sh bench/sync/run.ts [--mails 10000] [--people 20] [--feed 100000]
 *     [--items 10] [--workers 1,2,4] [--cases mail,bank]
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { users } from "@fincoach/db";
import { createConnection, parseKeyring, requestConnectionSync } from "@fincoach/domain";
import { bullPrefix, createJobQueue, enqueueSyncBank, enqueueSyncMailbox, QUEUE_SETTINGS } from "@fincoach/jobs";
import {
  createTestDatabase,
  createTestRedis,
  type DovecotUser,
  eventually,
  freePort,
  startDovecot,
  startPlaidStandIn,
  type TestDatabase,
  type TestDovecot,
  type TestRedis,
} from "@fincoach/testing";
import { Worker } from "bullmq";
import { sql } from "drizzle-orm";
import { generateTransactionEmails } from "../../packages/importers/src/email/test-support/generate-emails.ts";
import { itemsPerSecond, type SyncRun, scaling, verdict } from "./report.ts";

const { values: args } = parseArgs({
  options: {
    mails: { type: "string", default: "10000" },
    people: { type: "string", default: "20" },
    feed: { type: "string", default: "100000" },
    items: { type: "string", default: "10" },
    workers: { type: "string", default: "1,2,4" },
    cases: { type: "string", default: "mail,bank" },
  },
});
const MAILS = Number(args.mails);
const PEOPLE = Number(args.people);
const FEED = Number(args.feed);
const ITEMS = Number(args.items);
const WORKERS = args.workers.split(",").map(Number);
const CASES = args.cases.split(",");
const TARGETS = { mail: 500, bank: 10_000 } as const;
/** A longer no-op run than the few sync jobs, for BullMQ's per-job rate. */
const NOOP_JOBS = 2_000;
const DEADLINE_MS = 15 * 60_000;
const KEYS_SPEC = `k1:${randomBytes(32).toString("base64")}`;
const keyring = parseKeyring(KEYS_SPEC);
const MAIN = new URL("../../services/worker/src/main.ts", import.meta.url).pathname;
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const log = (line: string) => process.stderr.write(`${line}\n`);

/** "-1,234.56"-free plain decimal ("-1234.56") to minor units. */
const minor = (amount: string): bigint => {
  const [whole, frac = ""] = amount.split(".");
  const sign = whole!.startsWith("-") ? -1n : 1n;
  return sign * (BigInt(whole!.replace("-", "")) * 100n + BigInt(frac.padEnd(2, "0")));
};

type CaseSetup = {
  kind: "mail" | "bank";
  items: number;
  expected: { rows: number; sum: bigint };
  env: Record<string, string>;
  /** Creates the people and connections in a fresh database; returns one enqueue per connection. */
  connect(database: TestDatabase, enqueue: Enqueue): Promise<(() => Promise<string>)[]>;
};
type Enqueue = {
  mail: typeof enqueueSyncMailbox;
  bank: typeof enqueueSyncBank;
  queue: ReturnType<typeof createJobQueue>;
};

const newUser = async (database: TestDatabase) => {
  const [user] = await database.db
    .insert(users)
    .values({ email: `b${randomBytes(6).toString("hex")}@example.test`, passwordHash: "x" })
    .returning();
  return user!.id;
};

/** Dovecot's users, given at start (one per person). */
const benchMailboxes: DovecotUser[] = Array.from({ length: PEOPLE }, (_, p) => ({
  username: `bench${p}`,
  password: `bench-pass-${p}`,
}));

const mailCase = async (dovecot: TestDovecot): Promise<CaseSetup> => {
  const perPerson = Math.ceil(MAILS / PEOPLE);
  const mailboxes: DovecotUser[] = [];
  let rows = 0;
  let sum = 0n;
  for (let p = 0; p < PEOPLE; p++) {
    const count = Math.min(perPerson, MAILS - p * perPerson);
    if (count <= 0) break;
    const box = benchMailboxes[p]!;
    const mails = generateTransactionEmails(count, 1_000 + p);
    for (const m of mails) {
      if (m.expected.kind !== "transactions") continue;
      for (const d of m.expected.drafts) {
        rows++;
        sum += minor(d.amount);
      }
    }
    await dovecot.append(
      box,
      "INBOX",
      mails.map((m) => m.raw),
      { internalDate: new Date("2026-11-01T10:00:00Z") },
    );
    mailboxes.push(box);
  }
  return {
    kind: "mail",
    items: MAILS,
    expected: { rows, sum },
    env: { SYNC_SOURCE: "mail" },
    connect: async (database, q) =>
      Promise.all(
        mailboxes.map(async (box) => {
          const ctx = { db: database.db, userId: await newUser(database), keyring };
          const c = await createConnection({
            ctx,
            input: {
              type: "imap",
              name: "Alerts",
              host: dovecot.host,
              port: dovecot.port,
              tls: "none",
              username: box.username,
              password: box.password,
              folders: ["INBOX"],
              since: "2026-01-01",
            },
          });
          return async () =>
            (
              await requestConnectionSync({
                ctx,
                input: { id: c.id },
                queue: { enqueue: async (job) => void (await q.mail(q.queue, { ...job, trace: {} })) },
              })
            ).jobId;
        }),
      ),
  };
};

const bankCase = async (plaid: Awaited<ReturnType<typeof startPlaidStandIn>>): Promise<CaseSetup> => {
  const perItem = Math.ceil(FEED / ITEMS);
  let rows = 0;
  let sum = 0n;
  const tokens: string[] = [];
  for (let it = 0; it < ITEMS; it++) {
    const count = Math.min(perItem, FEED - it * perItem);
    if (count <= 0) break;
    const token = plaid.createItem([
      {
        account_id: "a",
        name: "Checking",
        mask: "0000",
        type: "depository",
        subtype: "checking",
        iso_currency_code: "USD",
      },
    ]);
    const txs = Array.from({ length: count }, (_, i) => ({
      transaction_id: `i${it}-t${i}`,
      account_id: "a",
      amount: `${(i % 5000) + 1}.${String(i % 100).padStart(2, "0")}`,
      date: `2026-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
      name: `MERCHANT ${i % 300} PURCHASE`,
      merchant_name: `Merchant ${i % 300}`,
    }));
    // Plaid's positive amounts are money out: stored negative.
    for (const t of txs) sum -= minor(t.amount);
    rows += count;
    plaid.add(token, txs);
    tokens.push(token);
  }
  return {
    kind: "bank",
    items: FEED,
    expected: { rows, sum },
    env: {
      SYNC_SOURCE: "bank",
      PLAID_BASE_URL: plaid.url,
      PLAID_CLIENT_ID: plaid.clientId,
      PLAID_SECRET: plaid.secret,
    },
    connect: async (database, q) =>
      Promise.all(
        tokens.map(async (token) => {
          const ctx = { db: database.db, userId: await newUser(database), keyring };
          const c = await createConnection({ ctx, input: { type: "plaid", name: "Bank", accessToken: token } });
          return async () =>
            (
              await requestConnectionSync({
                ctx,
                input: { id: c.id },
                queue: { enqueue: async (job) => void (await q.bank(q.queue, { ...job, trace: {} })) },
              })
            ).jobId;
        }),
      ),
  };
};

const startWorker = async (o: {
  database: TestDatabase;
  redis: TestRedis;
  syncQueue: string;
  env: Record<string, string>;
  children: Set<ChildProcess>;
}) => {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: o.database.url,
      REDIS_URL,
      REDIS_PREFIX: o.redis.prefix,
      CONNECTION_KEYS: KEYS_SPEC,
      SYNC_QUEUE: o.syncQueue,
      METRICS_PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...o.env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  o.children.add(child);
  await eventually(async () => assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200), 60_000);
  return child;
};

type Measured = SyncRun & { jobs: number; load: number[]; rows: number; sum: string; categorizePending: number };

const measure = async (setup: CaseSetup, workers: number): Promise<Measured> => {
  const [database, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
  const children = new Set<ChildProcess>();
  const syncQueue = `sync-${randomUUID()}`;
  const producer = redis.redis.duplicate();
  const queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
  try {
    const requests = await setup.connect(database, { mail: enqueueSyncMailbox, bank: enqueueSyncBank, queue });
    await Promise.all(
      Array.from({ length: workers }, () => startWorker({ database, redis, syncQueue, env: setup.env, children })),
    );
    const started = performance.now();
    for (const request of requests) await request();
    await eventually(
      async () => {
        const [r] = await database.db.execute<{ open: number; failed: number }>(sql`
          select count(*) filter (where status not in ('completed', 'failed'))::int as open,
                 count(*) filter (where status = 'failed')::int as failed from sync_jobs`);
        assert.equal(r!.open, 0);
        return r;
      },
      DEADLINE_MS,
      10,
    );
    const seconds = (performance.now() - started) / 1000;
    const load = loadavg().map((l) => Number(l.toFixed(2)));
    const [failed] = await database.db.execute<{ n: number; errors: string | null }>(
      sql`select count(*)::int as n, string_agg(distinct error, '; ') as errors from sync_jobs where status <> 'completed'`,
    );
    assert.equal(failed!.n, 0, `sync jobs not completed: ${failed!.errors}`);
    const [totals] = await database.db.execute<{ n: number; sum: string | null }>(
      sql`select count(*)::int as n, sum(amount_minor)::text as sum from transactions`,
    );
    // Categorization runs after the sync in its own queue; how much of it was still queued.
    const categorizePending = await redis.redis.llen(`${bullPrefix(redis.prefix)}:categorize:wait`);
    return {
      workers,
      items: setup.items,
      seconds: Number(seconds.toFixed(2)),
      jobs: requests.length,
      load,
      rows: totals!.n,
      sum: totals!.sum ?? "0",
      categorizePending,
    };
  } finally {
    await Promise.all(
      [...children].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once("exit", () => resolve());
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 10_000).unref();
          }),
      ),
    );
    await queue.close();
    producer.disconnect();
    await database.drop();
    await redis.cleanup();
  }
};

/** No-op BullMQ workers (same count × concurrency, same Redis) draining `jobs` jobs of the sync payload's shape. */
const ceiling = async (kind: "mail" | "bank", workers: number, jobs: number) => {
  const redis = await createTestRedis();
  const syncQueue = `noop-${randomUUID()}`;
  const producer = redis.redis.duplicate();
  const queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
  let done = 0;
  const finished = Promise.withResolvers<void>();
  const connections = Array.from({ length: workers }, () => redis.redis.duplicate({ maxRetriesPerRequest: null }));
  const consumers = connections.map((connection) => {
    const w = new Worker(syncQueue, async () => {}, {
      // Workers block on Redis: BullMQ requires maxRetriesPerRequest null on their connection.
      connection,
      prefix: bullPrefix(redis.prefix),
      concurrency: QUEUE_SETTINGS.sync.concurrency,
    });
    w.on("completed", () => {
      if (++done === jobs) finished.resolve();
    });
    return w;
  });
  try {
    await Promise.all(consumers.map((w) => w.waitUntilReady()));
    const started = performance.now();
    const enqueue = kind === "mail" ? enqueueSyncMailbox : enqueueSyncBank;
    for (let i = 0; i < jobs; i++) {
      await enqueue(queue, { jobId: randomUUID(), userId: randomUUID(), connectionId: randomUUID(), trace: {} });
    }
    await Promise.race([
      finished.promise,
      new Promise((_, reject) => setTimeout(() => reject(new Error("no-op ceiling: deadline")), DEADLINE_MS).unref()),
    ]);
    const seconds = (performance.now() - started) / 1000;
    return { workers, jobs, seconds: Number(seconds.toFixed(3)), jobsPerSecond: Math.round(jobs / seconds) };
  } finally {
    await Promise.all(consumers.map((w) => w.close()));
    for (const c of connections) c.disconnect();
    await queue.close();
    producer.disconnect();
    await redis.cleanup();
  }
};

const report: Record<string, unknown> = { mails: MAILS, people: PEOPLE, feed: FEED, items: ITEMS };
let dovecot: TestDovecot | undefined;
let plaid: Awaited<ReturnType<typeof startPlaidStandIn>> | undefined;
try {
  for (const kind of CASES as ("mail" | "bank")[]) {
    if (kind === "mail") dovecot = await startDovecot({ users: benchMailboxes });
    else plaid = await startPlaidStandIn();
    log(`${kind}: preparing`);
    const setup = kind === "mail" ? await mailCase(dovecot!) : await bankCase(plaid!);
    const runs: Measured[] = [];
    const noop = [];
    for (const n of WORKERS) {
      log(`${kind}: ${n} worker(s)`);
      const m = await measure(setup, n);
      assert.equal(m.rows, setup.expected.rows, `${kind}: rows`);
      assert.equal(m.sum, setup.expected.sum.toString(), `${kind}: sum of amount_minor`);
      runs.push(m);
      log(`${kind}: ${n} worker(s): ${itemsPerSecond(m)} items/s (${m.seconds} s, load ${m.load.join(" ")})`);
      const same = await ceiling(kind, n, m.jobs);
      const many = await ceiling(kind, n, NOOP_JOBS);
      noop.push({ workers: n, sameJobs: same, manyJobs: many });
    }
    const curve = scaling(runs);
    report[kind] = {
      expected: { rows: setup.expected.rows, sum: setup.expected.sum.toString() },
      runs: runs.map((r) => ({ ...r, perSecond: itemsPerSecond(r), scaling: curve.get(r.workers) })),
      noopCeiling: noop,
      target: TARGETS[kind],
      verdictWith2Workers: verdict(runs, 2, TARGETS[kind]),
    };
  }
} finally {
  await Promise.allSettled([dovecot?.stop(), plaid?.stop()]);
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
