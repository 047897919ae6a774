import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  batchedInsertTransactions,
  copyInsertTransactions,
  type ImportRow,
  type ImportTarget,
  rowInsertTransactions,
  type TxSql,
} from "@fincoach/domain";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, storedRows } from "./import-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const PATHS = {
  copy: copyInsertTransactions,
  batched: (tx: TxSql, t: ImportTarget, rows: readonly ImportRow[]) => batchedInsertTransactions(tx, t, rows, 7),
  row: rowInsertTransactions,
};

/** A fresh account and import record to insert into. */
const newTarget = async (): Promise<ImportTarget> => {
  const u = await h.newUser();
  const acc = await newAccount(h, u, "EUR");
  const [imp] = await h.database.sql<{ id: string }[]>`
    insert into imports (user_id, account_id, format, file_sha256, status)
    values (${u.id}, ${acc.id}, 'csv', 'x', 'processing') returning id`;
  return { userId: u.id, accountId: acc.id, importId: imp!.id, currency: "EUR" };
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
      const first = await h.database.sql.begin((tx) => insert(tx, t, ROWS));
      assert.deepEqual(first, { inserted: 4, duplicates: 1 });
      const stored = await storedRows(h, t.accountId);
      assert.deepEqual(
        stored.map((r) => [r.externalId, r.amount, r.description, r.merchant, r.importId]),
        [
          ["a", "-100", "tab\there", null, t.importId],
          ["b", "9007199254740993", "line\nbreak\r\nand CR", null, t.importId],
          ["c", "-3", "back\\slash \\N \\t", "\\N", t.importId],
          ["d", "4", "nulbyte", null, t.importId],
        ],
      );
      const again = await h.database.sql.begin((tx) => insert(tx, t, [...ROWS, { ...ROWS[0]!, externalId: "e" }]));
      assert.deepEqual(again, { inserted: 1, duplicates: 5 });
    });
  }

  test("COPY can stage twice in one transaction, and an empty batch is a no-op", async () => {
    const t = await newTarget();
    const counts = await h.database.sql.begin(async (tx) => [
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
      h.database.sql.begin(async (tx) => {
        await copyInsertTransactions(tx, t, ROWS);
        throw new Error("crash before commit");
      }),
      /crash before commit/,
    );
    assert.equal((await storedRows(h, t.accountId)).length, 0);
  });
});
