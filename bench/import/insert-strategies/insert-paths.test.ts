import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, users } from "@fincoach/db";
import { copyInsertTransactions, type ImportRow, type ImportTarget, type TxSql } from "@fincoach/domain";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { batchedInsertTransactions } from "./batched-insert-transactions.ts";
import { rowInsertTransactions } from "./row-insert-transactions.ts";

// The benchmark compares the product's COPY path with these two strategies: all three must
// write the same rows, or the comparison means nothing.

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

const storedRows = (accountId: string) =>
  database.sql<
    { externalId: string; amount: string; description: string; merchant: string | null; importId: string }[]
  >`
    select external_id as "externalId", amount_minor::text as amount, description, merchant, import_id as "importId"
    from transactions where account_id = ${accountId} order by date, external_id`;

const PATHS = {
  copy: copyInsertTransactions,
  batched: (tx: TxSql, t: ImportTarget, rows: readonly ImportRow[]) => batchedInsertTransactions(tx, t, rows, 7),
  row: rowInsertTransactions,
};

/** A fresh account and import record to insert into. */
const newTarget = async (): Promise<ImportTarget> => {
  const [u] = await database.db
    .insert(users)
    .values({ email: `${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
    .returning();
  const [acc] = await database.db
    .insert(accounts)
    .values({ userId: u!.id, name: "Main", type: "checking", currency: "EUR" })
    .returning();
  const [imp] = await database.sql<{ id: string }[]>`
    insert into imports (user_id, account_id, format, file_sha256, status)
    values (${u!.id}, ${acc!.id}, 'csv', 'x', 'running') returning id`;
  return { userId: u!.id, accountId: acc!.id, importId: imp!.id, currency: "EUR" };
};

const ROWS: ImportRow[] = [
  { date: "2024-01-01", amountMinor: -100n, description: "tab\there", externalId: "a" },
  { date: "2024-01-02", amountMinor: 9_007_199_254_740_993n, description: "line\nbreak\r\nand CR", externalId: "b" },
  { date: "2024-01-03", amountMinor: -3n, description: "back\\slash \\N \\t", merchant: "\\N", externalId: "c" },
  { date: "2024-01-04", amountMinor: 4n, description: "nul\u0000byte", notes: null, merchant: null, externalId: "d" },
  { date: "2024-01-05", amountMinor: 5n, description: "repeat of a", externalId: "a" },
];

describe("insert paths: COPY, batched and row-at-a-time agree", () => {
  for (const [name, insert] of Object.entries(PATHS)) {
    test(`${name}: inserts, escapes, dedupes within the batch and against stored rows`, async () => {
      const t = await newTarget();
      const first = await database.sql.begin((tx) => insert(tx, t, ROWS));
      assert.deepEqual(first, { inserted: 4, duplicates: 1 });
      const stored = await storedRows(t.accountId);
      assert.deepEqual(
        stored.map((r) => [r.externalId, r.amount, r.description, r.merchant, r.importId]),
        [
          ["a", "-100", "tab\there", null, t.importId],
          ["b", "9007199254740993", "line\nbreak\r\nand CR", null, t.importId],
          ["c", "-3", "back\\slash \\N \\t", "\\N", t.importId],
          ["d", "4", "nulbyte", null, t.importId],
        ],
      );
      const again = await database.sql.begin((tx) => insert(tx, t, [...ROWS, { ...ROWS[0]!, externalId: "e" }]));
      assert.deepEqual(again, { inserted: 1, duplicates: 5 });
    });
  }

  test("COPY can stage twice in one transaction, and an empty batch is a no-op", async () => {
    const t = await newTarget();
    const counts = await database.sql.begin(async (tx) => [
      await copyInsertTransactions(tx, t, ROWS.slice(0, 2)),
      await copyInsertTransactions(tx, t, ROWS.slice(1)),
      await copyInsertTransactions(tx, t, []),
    ]);
    assert.deepEqual(counts, [
      { inserted: 2, duplicates: 0 },
      { inserted: 2, duplicates: 2 },
      { inserted: 0, duplicates: 0 },
    ]);
  });

  test("a failure after the insert rolls the rows back with the transaction", async () => {
    const t = await newTarget();
    await assert.rejects(
      database.sql.begin(async (tx) => {
        await copyInsertTransactions(tx, t, ROWS);
        throw new Error("crash before commit");
      }),
      /crash before commit/,
    );
    assert.equal((await storedRows(t.accountId)).length, 0);
  });
});
