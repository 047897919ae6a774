import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { transactions } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq } from "drizzle-orm";
import type { ScoreModel } from "../categorization/model-scorer.ts";
import { keywordModel, newPerson } from "../categorization/pipeline-fixtures.ts";
import type { ImportCategorizer } from "./categorize-import-rows.ts";
import { copyInsertTransactions } from "./copy-insert-transactions.ts";
import { openImportRecord } from "./import-record.ts";
import type { ImportRow } from "./import-rows.ts";
import { importStatement } from "./import-statement.ts";

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

/** Polls until `ok` holds; a deadline turns a wait that would never end into a failure. */
const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, deadlineMs = 20_000) => {
  const until = Date.now() + deadlineMs;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`waited too long for ${what}`);
    await sleep(5);
  }
};

test("the COPY takes in one batch while the next batches are decided; order and every row kept", {
  timeout: 60_000,
}, async () => {
  const p = await newPerson(database, "decide-ahead");
  const BATCHES = 5;
  // 4,500 rows: five pipeline batches, the last one short. Row 4,200 repeats row 10's
  // external id: the first in COPY order must win, so batches must reach PostgreSQL in order.
  const rows: ImportRow[] = Array.from({ length: 4500 }, (_, i) => ({
    date: "2026-11-02",
    amountMinor: BigInt(-(i + 1)),
    description: `row ${i}`,
    externalId: i === 4200 ? "ext-10" : `ext-${i}`,
  }));
  const events: string[] = [];
  const started = new Set<number>();
  let inFlight = 0;
  let mostInFlight = 0;
  let copyPid = 0;
  const copied = async (): Promise<number> => {
    const [row] = await database.db.$client<{ n: string }[]>`
      select tuples_processed::text as n from pg_stat_progress_copy where pid = ${copyPid}`;
    return row ? Number(row.n) : 0;
  };
  const categorize: ImportCategorizer = async (batch) => {
    const k = Number(batch[0]!.description.split(" ")[1]) / 1000;
    events.push(`start ${k}`);
    started.add(k);
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    // Deadlocks (and fails at the deadline) unless the next batch is decided concurrently.
    if (k + 1 < BATCHES) await waitFor(`batch ${k + 1} to start`, () => started.has(k + 1));
    // PostgreSQL takes in the earlier batch while this one is still being decided.
    if (k >= 1) await waitFor(`COPY of batch ${k - 1}`, async () => (await copied()) >= k * 1000);
    events.push(`end ${k}`);
    inFlight--;
    return batch.map((r) => ({ ...r, tags: [`batch ${k}`, r.description] }));
  };

  const counts = await database.db.$client.begin(async (tx) => {
    const [me] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
    copyPid = me!.pid;
    const importId = await openImportRecord(tx, {
      userId: p.userId,
      accountId: p.accountId,
      filename: null,
      format: "csv",
      fileSha256: "0".repeat(64),
    });
    const target = { userId: p.userId, accountId: p.accountId, importId, currency: "GBP" };
    return copyInsertTransactions(tx, target, rows, categorize);
  });

  assert.deepEqual(counts, { inserted: 4499, duplicates: 1 });
  assert.ok(mostInFlight <= 2, `at most two batches decided at once, saw ${mostInFlight}`);
  for (let k = 0; k + 1 < BATCHES; k++) {
    assert.ok(
      events.indexOf(`start ${k + 1}`) < events.indexOf(`end ${k}`),
      `batch ${k + 1} started before batch ${k} was decided: ${events.join(", ")}`,
    );
  }
  const stored = await database.db.select().from(transactions).where(eq(transactions.userId, p.userId));
  assert.equal(stored.length, 4499);
  for (const t of stored) {
    const i = Number(t.description.split(" ")[1]);
    // Each row carries its own decision: decisions were not shifted between rows or batches.
    assert.deepEqual(t.tags, [`batch ${Math.floor(i / 1000)}`, t.description]);
  }
  assert.equal(stored.find((t) => t.externalId === "ext-10")!.description, "row 10");
});

const csvOf = (n: number) =>
  `Date,Description,Amount\n${Array.from(
    { length: n },
    (_, i) => `2026-11-${String(1 + (i % 28)).padStart(2, "0")},SHELL PETROL ${i},-${1 + (i % 90)}.00`,
  ).join("\n")}\n`;

test("a slow model gets one call at a time, in batch order, without explanations", {
  timeout: 60_000,
}, async () => {
  const p = await newPerson(database, "decide-ahead-model");
  const model = keywordModel();
  const events: string[] = [];
  const options: unknown[] = [];
  let inFlight = 0;
  const scoreModel: ScoreModel = async (userId, items, opts) => {
    const first = items[0]!.description;
    events.push(`start ${first}`);
    options.push(opts);
    assert.equal(inFlight++, 0, "one model call at a time");
    await sleep(30);
    inFlight--;
    events.push(`end ${first}`);
    return model.scoreModel(userId, items);
  };
  const result = await importStatement({
    ctx: p.ctx as typeof p.ctx & { db: typeof database.db },
    input: { accountId: p.accountId, format: "csv" },
    content: csvOf(3500),
    scoreModel,
  });
  assert.equal(result.inserted, 3500);
  assert.deepEqual(events, [
    "start SHELL PETROL 0",
    "end SHELL PETROL 0",
    "start SHELL PETROL 1000",
    "end SHELL PETROL 1000",
    "start SHELL PETROL 2000",
    "end SHELL PETROL 2000",
    "start SHELL PETROL 3000",
    "end SHELL PETROL 3000",
  ]);
  assert.deepEqual(options, Array(4).fill({ explain: false }));
  const stored = await database.db.select().from(transactions).where(eq(transactions.userId, p.userId));
  assert.equal(stored.length, 3500);
  assert.ok(
    stored.every((t) => t.categorySource === "model"),
    "every row decided",
  );
});

test("a model failing mid-import is not asked again; every row is still inserted", {
  timeout: 60_000,
}, async () => {
  const p = await newPerson(database, "decide-ahead-fail");
  const model = keywordModel();
  let asked = 0;
  const warnings: string[] = [];
  const scoreModel: ScoreModel = async (userId, items) => {
    asked++;
    await sleep(20);
    if (asked === 2) throw new Error("ml down");
    return model.scoreModel(userId, items);
  };
  const result = await importStatement({
    ctx: p.ctx as typeof p.ctx & { db: typeof database.db },
    input: { accountId: p.accountId, format: "csv" },
    content: csvOf(4500),
    scoreModel,
    warn: (m) => warnings.push(m),
  });
  assert.equal(result.inserted + result.duplicates + result.skipped, result.seen);
  assert.equal(result.inserted, 4500);
  assert.equal(asked, 2, "batches queued behind the failure were not sent");
  assert.equal(warnings.length, 1);
  const stored = await database.db.select().from(transactions).where(eq(transactions.userId, p.userId));
  assert.equal(stored.length, 4500);
  const batchOf = (t: (typeof stored)[number]) => Math.floor(Number(t.description.split(" ")[2]) / 1000);
  assert.ok(stored.filter((t) => batchOf(t) === 0).every((t) => t.categorySource === "model"));
  assert.ok(stored.filter((t) => batchOf(t) > 0).every((t) => t.categorySource === null && t.categoryId === null));
});

test("a COPY that fails stops deciding further batches, with no stray rejection", {
  timeout: 60_000,
}, async () => {
  const p = await newPerson(database, "decide-ahead-copy-error");
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on("unhandledRejection", onUnhandled);
  try {
    // Row 1,500's date is not a date: PostgreSQL rejects the COPY in the second batch.
    const rows: ImportRow[] = Array.from({ length: 6000 }, (_, i) => ({
      date: i === 1500 ? "not-a-date" : "2026-11-02",
      amountMinor: -1n,
      description: `row ${i}`,
      externalId: `ext-${i}`,
    }));
    let copyPid = 0;
    const decided: number[] = [];
    const categorize: ImportCategorizer = async (batch) => {
      const k = Number(batch[0]!.description.split(" ")[1]) / 1000;
      decided.push(k);
      // Batches decided ahead finish only after PostgreSQL has refused the COPY (its
      // session no longer running it), so the ones after them start after the failure.
      if (k >= 2) {
        await waitFor("the COPY to fail", async () => {
          const [s] = await database.db.$client<{ state: string }[]>`
            select state from pg_stat_activity where pid = ${copyPid}`;
          return s?.state !== "active";
        });
      }
      // A later batch fails too: its rejection must be handled even though nobody awaits it.
      if (batch[0]!.description === "row 2000") throw new Error("decided after the COPY failed");
      return batch;
    };
    await assert.rejects(
      database.db.$client.begin(async (tx) => {
        const [me] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
        copyPid = me!.pid;
        const importId = await openImportRecord(tx, {
          userId: p.userId,
          accountId: p.accountId,
          filename: null,
          format: "csv",
          fileSha256: "0".repeat(64),
        });
        const target = { userId: p.userId, accountId: p.accountId, importId, currency: "GBP" };
        return copyInsertTransactions(tx, target, rows, categorize);
      }),
      /invalid input syntax for type date/,
    );
    await sleep(200);
    assert.deepEqual(unhandled, []);
    // 0 and 1 at once, 2 and 3 each as an earlier one was decided; none after the failure.
    assert.deepEqual(decided, [0, 1, 2, 3]);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});
