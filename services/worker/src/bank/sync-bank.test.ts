import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { accounts, connections, transactions, users } from "@fincoach/db";
import { createConnection, getSyncJob, requestConnectionSync } from "@fincoach/domain";
import { userEventStreamKey } from "@fincoach/events";
import { createJobQueue, enqueueSyncBank } from "@fincoach/jobs";
import { createLogger } from "@fincoach/logging";
import { parseDecimal } from "@fincoach/money";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  PLAID_ERRORS,
  type PlaidStandIn,
  type PlaidStandInTransaction,
  startPlaidStandIn,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import type { Queue } from "bullmq";
import { asc, eq } from "drizzle-orm";
import { startWorkers, type Workers } from "../start-workers.ts";
import { keyring } from "../test-support/sync-fixture.ts";

const PAGE = 50;
let database: TestDatabase;
let redis: TestRedis;
let plaid: PlaidStandIn;
let workers: Workers;
let queue: Queue;
let producer: ReturnType<TestRedis["redis"]["duplicate"]>;
const syncQueue = `sync-${crypto.randomUUID()}`;

before(async () => {
  [database, redis, plaid] = await Promise.all([createTestDatabase(), createTestRedis(), startPlaidStandIn()]);
  workers = startWorkers({
    db: database.db,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    keyring,
    logger: createLogger({ service: "worker-test", level: "silent" }),
    syncQueue,
    source: "bank",
    plaid: { baseUrl: plaid.url, clientId: plaid.clientId, secret: plaid.secret },
    bankPageSize: PAGE,
    // Retries within the test's deadline (production: seconds to minutes).
    syncSettings: { backoffBaseMs: 50, backoffCapMs: 200 },
  });
  producer = redis.redis.duplicate();
  queue = createJobQueue("sync", { connection: producer, redisPrefix: redis.prefix, syncQueue });
});
after(async () => {
  await workers?.close(5_000);
  await queue?.close();
  producer?.disconnect();
  await Promise.allSettled([plaid?.stop(), database?.drop()]);
  await redis?.cleanup();
});

const CHECKING = {
  account_id: "acc-chk",
  name: "Plaid Checking",
  mask: "0000",
  type: "depository",
  subtype: "checking",
  iso_currency_code: "USD",
} as const;
const CARD = {
  account_id: "acc-card",
  name: "Plaid Credit Card",
  mask: "3333",
  type: "credit",
  subtype: "credit card",
  iso_currency_code: "USD",
} as const;

/** A person with a Plaid connection to a new stand-in Item. */
const bankFixture = async (accessToken?: string, mapChecking = false) => {
  const token = accessToken ?? plaid.createItem([{ ...CHECKING }, { ...CARD }]);
  const [user] = await database.db
    .insert(users)
    .values({ email: `u${randomBytes(6).toString("hex")}@example.com`, passwordHash: "x" })
    .returning();
  const userId = user!.id;
  const ctx = { db: database.db, userId, keyring };
  const [mine] = await database.db
    .insert(accounts)
    .values({ userId, name: "My checking", type: "checking", currency: "USD" })
    .returning();
  const connection = await createConnection({
    ctx,
    input: {
      type: "plaid",
      name: "Bank",
      accessToken: token,
      ...(mapChecking ? { accountMap: { [CHECKING.account_id]: mine!.id } } : {}),
    },
  });
  const sync = async () => {
    const { jobId } = await requestConnectionSync({
      ctx,
      input: { id: connection.id },
      queue: { enqueue: async (job) => void (await enqueueSyncBank(queue, { ...job, trace: {} })) },
    });
    return eventually(async () => {
      const job = await getSyncJob({ ctx, input: { id: jobId } });
      assert.ok(job.status === "completed" || job.status === "failed", `still ${job.status}`);
      // The row ends before BullMQ records the attempt (the job still publishes and notifies):
      // wait for both, so attemptsMade is final.
      const state = await (await queue.getJob(jobId))?.getState();
      assert.ok(state === "completed" || state === "failed", `BullMQ job still ${state}`);
      return job;
    }, 60_000);
  };
  const rows = () =>
    database.db
      .select()
      .from(transactions)
      .where(eq(transactions.userId, userId))
      .orderBy(asc(transactions.externalId));
  const connectionRow = async () =>
    (await database.db.select().from(connections).where(eq(connections.id, connection.id)))[0]!;
  return { token, userId, connectionId: connection.id, myAccountId: mine!.id, sync, rows, connectionRow };
};

const counts = (job: { processed: number; inserted: number; duplicates: number; skipped: number; failed: number }) => {
  const { processed, inserted, duplicates, skipped, failed } = job;
  return { processed, inserted, duplicates, skipped, failed };
};

/** Plaid's sign is the opposite of FinCoach's: the expected row amount, in exact minor units. */
const minorOf = (plaidAmount: string) => -parseDecimal(plaidAmount, "USD").minor;
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

const tx = (id: string, amount: string, over: Partial<PlaidStandInTransaction> = {}): PlaidStandInTransaction => ({
  transaction_id: id,
  account_id: CHECKING.account_id,
  amount,
  date: "2026-11-20",
  name: `Shop ${id}`,
  merchant_name: "Shop",
  ...over,
});

test("first sync over several pages, re-sync, then added/modified/removed: exact rows, sums and counts", async () => {
  const f = await bankFixture();
  // 120 checking + 7 card transactions = 3 pages of 50; amounts with the classic float traps.
  const amounts = Array.from({ length: 120 }, (_, i) =>
    i % 3 === 0 ? `0.${String(i % 10)}${(i + 1) % 10}` : `${i}.${String(i % 100).padStart(2, "0")}`,
  );
  const first = [
    ...amounts.map((a, i) => tx(`t${String(i).padStart(4, "0")}`, a)),
    tx("c0", "0.1", { account_id: CARD.account_id }),
    tx("c1", "0.2", { account_id: CARD.account_id }),
    tx("c2", "-2500", { account_id: CARD.account_id, name: "PAYMENT THANK YOU" }),
    tx("c3", "1234567.89", { account_id: CARD.account_id }),
    tx("c4", "99.99", { account_id: CARD.account_id }),
    tx("c5", "0.01", { account_id: CARD.account_id }),
    tx("c6", "1.005", { account_id: CARD.account_id, iso_currency_code: "USD" }),
  ];
  plaid.add(f.token, first);
  const job1 = await f.sync();
  assert.equal(job1.status, "completed", job1.error ?? "");
  // 127 entries; "1.005" USD cannot be held exactly: counted failed, not rounded.
  assert.deepEqual(counts(job1), { processed: 127, inserted: 126, duplicates: 0, skipped: 0, failed: 1 });
  assert.equal(job1.progress, 100);
  const rows1 = await f.rows();
  assert.equal(rows1.length, 126);
  const readable = first.filter((t) => t.amount !== "1.005");
  assert.equal(sum(rows1.map((r) => r.amountMinor)), sum(readable.map((t) => minorOf(String(t.amount)))));
  assert.equal(rows1.find((r) => r.externalId === "c2")?.amountMinor, 250000n); // a payment is money in
  assert.equal(rows1.find((r) => r.externalId === "c0")?.amountMinor, -10n);
  // No accountMap given: one account per Plaid account, recorded in the connection's accountMap.
  const made = (
    await database.db.select().from(accounts).where(eq(accounts.userId, f.userId)).orderBy(asc(accounts.name))
  ).filter((a) => a.id !== f.myAccountId);
  assert.deepEqual(
    made.map((a) => [a.name, a.type, a.currency]),
    [
      ["Bank Plaid Checking ••0000", "checking", "USD"],
      ["Bank Plaid Credit Card ••3333", "credit_card", "USD"],
    ],
  );
  const conn = await f.connectionRow();
  const map = (conn.settings as { accountMap: Record<string, string> }).accountMap;
  assert.equal(rows1.filter((r) => r.accountId === map[CARD.account_id]).length, 6);
  assert.equal(rows1.filter((r) => r.accountId === map[CHECKING.account_id]).length, 120);
  assert.ok(conn.syncState.cursor);
  const firstRequests = plaid.requests.filter((r) => r.accessToken === f.token && r.path === "/transactions/sync");
  assert.equal(firstRequests.length, 3);
  assert.ok(firstRequests.every((r) => r.count === PAGE));

  // Nothing new at Plaid: nothing inserted, the same rows.
  const job2 = await f.sync();
  assert.equal(job2.status, "completed", job2.error ?? "");
  assert.deepEqual(counts(job2), { processed: 0, inserted: 0, duplicates: 0, skipped: 0, failed: 0 });
  assert.equal((await f.rows()).length, 126);

  // Incremental: 3 added, 2 modified (amount, text, date), 2 removed.
  plaid.add(f.token, [tx("n1", "5.55"), tx("n2", "6.66"), tx("n3", "-100.01", { account_id: CARD.account_id })]);
  plaid.modify(f.token, "t0001", { amount: "42.42", name: "Shop renamed", date: "2026-11-21" });
  plaid.modify(f.token, "c4", { amount: "89.99" });
  plaid.remove(f.token, ["t0002", "c5"]);
  const job3 = await f.sync();
  assert.equal(job3.status, "completed", job3.error ?? "");
  assert.deepEqual(counts(job3), { processed: 7, inserted: 3, duplicates: 2, skipped: 2, failed: 0 });
  const rows3 = await f.rows();
  assert.equal(rows3.length, 126 + 3 - 2);
  const t1 = rows3.find((r) => r.externalId === "t0001");
  assert.deepEqual([t1?.amountMinor, t1?.description, t1?.date], [-4242n, "Shop renamed", "2026-11-21"]);
  assert.equal(t1?.id, rows1.find((r) => r.externalId === "t0001")?.id, "modified in place, same row");
  assert.ok(!rows3.some((r) => r.externalId === "t0002" || r.externalId === "c5"));
  const expected =
    sum(
      readable
        .filter((t) => !["t0002", "c5", "t0001", "c4"].includes(t.transaction_id))
        .map((t) => minorOf(String(t.amount))),
    ) +
    minorOf("42.42") +
    minorOf("89.99") +
    minorOf("5.55") +
    minorOf("6.66") +
    minorOf("-100.01");
  assert.equal(sum(rows3.map((r) => r.amountMinor)), expected);
  assert.equal(new Set(rows3.map((r) => r.externalId)).size, rows3.length);
});

test("pending → posted: the pending row is replaced by the posted one, never both", async () => {
  const f = await bankFixture();
  plaid.add(f.token, [tx("p1", "25.00", { pending: true }), tx("p2", "7.10", { pending: true })]);
  const job1 = await f.sync();
  assert.equal(job1.status, "completed", job1.error ?? "");
  let rows = await f.rows();
  assert.deepEqual(
    rows.map((r) => [r.externalId, r.amountMinor, r.tags]),
    [
      ["p1", -2500n, ["pending"]],
      ["p2", -710n, ["pending"]],
    ],
  );
  // p1 posts with a tip (its own id, pending_transaction_id = p1); p2's pending amount changes.
  plaid.post(f.token, "p1", tx("x1", "28.75"));
  plaid.modify(f.token, "p2", { amount: "7.15" });
  const job2 = await f.sync();
  assert.equal(job2.status, "completed", job2.error ?? "");
  assert.deepEqual(counts(job2), { processed: 3, inserted: 1, duplicates: 1, skipped: 1, failed: 0 });
  rows = await f.rows();
  assert.deepEqual(
    rows.map((r) => [r.externalId, r.amountMinor, r.tags]),
    [
      ["p2", -715n, ["pending"]],
      ["x1", -2875n, []],
    ],
  );
  // p2 posts unchanged: still exactly one row for it, no longer pending.
  plaid.post(f.token, "p2", tx("x2", "7.15"));
  assert.equal((await f.sync()).status, "completed");
  rows = await f.rows();
  assert.deepEqual(
    rows.map((r) => [r.externalId, r.amountMinor, r.tags]),
    [
      ["x1", -2875n, []],
      ["x2", -715n, []],
    ],
  );
});

test("a change during pagination restarts from the pagination's first cursor; the result equals Plaid's state", async () => {
  const f = await bankFixture();
  plaid.add(
    f.token,
    Array.from({ length: 150 }, (_, i) => tx(`m${String(i).padStart(3, "0")}`, `${i + 1}.25`)),
  );
  let mutated = false;
  plaid.afterSyncPage = (page) => {
    if (mutated || page.accessToken !== f.token || page.cursor !== "" || !page.hasMore) return;
    mutated = true;
    // After the first page was served (and will be committed): change what it held.
    plaid.add(f.token, [tx("m999", "0.99")]);
    plaid.modify(f.token, "m000", { amount: "1000.00" });
    plaid.remove(f.token, ["m001"]);
  };
  try {
    const job = await f.sync();
    assert.equal(job.status, "completed", job.error ?? "");
  } finally {
    plaid.afterSyncPage = undefined;
  }
  assert.ok(mutated);
  const requests = plaid.requests.filter((r) => r.accessToken === f.token && r.path === "/transactions/sync");
  // "" (page 1), page 2 refused (mutation), "" again, then the 3 pages of the restarted pagination... plus nothing else.
  assert.equal(requests.filter((r) => r.cursor === undefined).length, 2, JSON.stringify(requests.map((r) => r.cursor)));
  const rows = await f.rows();
  assert.equal(rows.length, 150);
  assert.ok(!rows.some((r) => r.externalId === "m001"), "a row removed during the pagination does not linger");
  assert.equal(rows.find((r) => r.externalId === "m000")?.amountMinor, -100000n);
  assert.equal(rows.find((r) => r.externalId === "m999")?.amountMinor, -99n);
  const expected =
    sum(Array.from({ length: 150 }, (_, i) => (i < 2 ? 0n : minorOf(`${i + 1}.25`)))) +
    minorOf("1000.00") +
    minorOf("0.99");
  assert.equal(sum(rows.map((r) => r.amountMinor)), expected);
  // The next sync starts after everything: nothing new.
  const again = await f.sync();
  assert.deepEqual(counts(again), { processed: 0, inserted: 0, duplicates: 0, skipped: 0, failed: 0 });
});

test("ITEM_LOGIN_REQUIRED marks the connection as needing attention and fails the job without a retry", async () => {
  const f = await bankFixture();
  plaid.add(f.token, [tx("a1", "1.00")]);
  plaid.setItemError(f.token, "ITEM_LOGIN_REQUIRED");
  const job = await f.sync();
  assert.equal(job.status, "failed");
  assert.match(job.error ?? "", /ITEM_LOGIN_REQUIRED/);
  assert.ok(!(job.error ?? "").includes(f.token), "the access token is never in the error");
  const conn = await f.connectionRow();
  assert.equal(conn.status, "needs_attention");
  assert.match(conn.statusReason ?? "", /ITEM_LOGIN_REQUIRED/);
  const bull = await queue.getJob(job.id);
  assert.equal(bull?.attemptsMade, 1, "no retry storm");
  assert.equal(await bull?.getState(), "failed");
  assert.equal((await f.rows()).length, 0);
  // The person's live stream hears of the failure, with the reason the job records.
  const events = (await redis.redis.xrange(userEventStreamKey(redis.prefix, f.userId), "-", "+")) as [
    string,
    string[],
  ][];
  assert.deepEqual(
    events.map(([, fields]) => [fields[1], JSON.parse(fields[3] ?? "null")]),
    [["sync.failed", { syncJobId: job.id, connectionId: f.connectionId, error: job.error }]],
  );
  const calls = plaid.requests.filter((r) => r.accessToken === f.token).length;
  assert.equal(calls, 1);
});

test("an access token Plaid does not know (INVALID_ACCESS_TOKEN) marks the connection too", async () => {
  const f = await bankFixture("access-sandbox-revoked-or-mistyped");
  const job = await f.sync();
  assert.equal(job.status, "failed");
  assert.match(job.error ?? "", /INVALID_ACCESS_TOKEN/);
  assert.equal((await f.connectionRow()).status, "needs_attention");
  assert.equal((await queue.getJob(job.id))?.attemptsMade, 1);
});

test("rate limits and Plaid outages are retried; the sync then completes with nothing lost or doubled", async () => {
  const f = await bankFixture();
  plaid.add(
    f.token,
    Array.from({ length: 120 }, (_, i) => tx(`r${String(i).padStart(3, "0")}`, "10.01")),
  );
  // Page 1 goes through, then a 429 and a 500 before page 2: two failed attempts, each
  // resuming from the committed cursor.
  let served = 0;
  plaid.afterSyncPage = (page) => {
    if (page.accessToken !== f.token || served++ !== 0) return;
    plaid.failNext(PLAID_ERRORS.RATE_LIMIT_EXCEEDED, { path: "/transactions/sync" });
    plaid.failNext(PLAID_ERRORS.INTERNAL_SERVER_ERROR, { path: "/transactions/sync" });
  };
  try {
    const job = await f.sync();
    assert.equal(job.status, "completed", job.error ?? "");
    assert.deepEqual(counts(job), { processed: 120, inserted: 120, duplicates: 0, skipped: 0, failed: 0 });
    // Two failed attempts and the one that completed.
    assert.equal((await queue.getJob(job.id))?.attemptsMade, 3);
  } finally {
    plaid.afterSyncPage = undefined;
  }
  const rows = await f.rows();
  assert.equal(rows.length, 120);
  assert.equal(sum(rows.map((r) => r.amountMinor)), -120n * 1001n);
  assert.equal((await f.connectionRow()).status, "active");
});

test("an accountMap entry is honoured; an unmapped Plaid account gets its own account, added to the map", async () => {
  const f = await bankFixture(undefined, true);
  plaid.add(f.token, [tx("k1", "3.00"), tx("k2", "4.00", { account_id: CARD.account_id })]);
  const job = await f.sync();
  assert.equal(job.status, "completed", job.error ?? "");
  const rows = await f.rows();
  assert.equal(rows.find((r) => r.externalId === "k1")?.accountId, f.myAccountId);
  const map = ((await f.connectionRow()).settings as { accountMap: Record<string, string> }).accountMap;
  assert.equal(map[CHECKING.account_id], f.myAccountId, "the person's mapping is kept");
  assert.ok(map[CARD.account_id] && map[CARD.account_id] !== f.myAccountId);
  assert.equal(rows.find((r) => r.externalId === "k2")?.accountId, map[CARD.account_id]);
  const names = (await database.db.select().from(accounts).where(eq(accounts.userId, f.userId))).map((a) => a.name);
  assert.deepEqual(names.sort(), ["Bank Plaid Credit Card ••3333", "My checking"]);
});
