import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, categories, transactionSplits, transactions, users } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { sql } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { getTransaction } from "./get-transaction.ts";
import { listTransactions } from "./list-transactions.ts";

// The list maps postgres.js's raw rows itself (see pageRowView) instead of going through
// drizzle and toTransactionView like every other read; these tests hold the two to the
// same output, field for field and byte for byte.

let database: TestDatabase;
let ctx: Ctx;
before(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const [user] = await db.insert(users).values({ email: "list@example.com", passwordHash: "x" }).returning();
  ctx = { db, userId: user!.id };
  const [eur, jpy, bhd] = await db
    .insert(accounts)
    .values(
      (["EUR", "JPY", "BHD"] as const).map((currency) => ({
        userId: user!.id,
        name: currency,
        type: "checking" as const,
        currency,
      })),
    )
    .returning();
  const [food] = await db.insert(categories).values({ userId: user!.id, name: "Food", kind: "expense" }).returning();
  const rows = await db
    .insert(transactions)
    .values([
      {
        userId: user!.id,
        accountId: eur!.id,
        date: "2024-03-05",
        amountMinor: -1234n,
        currency: "EUR",
        description: 'Café "Zoë", naïve ☕',
        merchant: "M\\1",
        categoryId: food!.id,
        notes: "line\nbreak",
        tags: ["a,b", "{c}", 'd"e', "ünï", ""],
      },
      {
        userId: user!.id,
        accountId: jpy!.id,
        date: "2024-03-04",
        amountMinor: -3000n,
        currency: "JPY",
        description: "Ramen",
        externalId: "fit-1",
        // A model's pick below the threshold: suggestion, confidence, alternatives, decided-at.
        categorySource: "model",
        categoryConfidence: 0.4375,
        categoryModel: "default",
        categoryModelVersion: "v2",
        categoryAlternatives: [{ label: "Books", categoryId: null, confidence: 0.25 }],
        suggestedCategoryId: food!.id,
        categorizedAt: new Date("2024-03-04T08:09:10.123Z"),
        transferId: crypto.randomUUID(),
      },
      {
        userId: user!.id,
        accountId: bhd!.id,
        date: "2024-03-03",
        amountMinor: 1n,
        currency: "BHD",
        description: "Tiny",
      },
      {
        userId: user!.id,
        accountId: eur!.id,
        date: "2024-03-02",
        amountMinor: -900719925474099312n,
        currency: "EUR",
        description: "Beyond 2^53",
      },
      {
        userId: user!.id,
        accountId: eur!.id,
        date: "2024-03-01",
        amountMinor: -3000n,
        currency: "EUR",
        description: "Split",
      },
    ])
    .returning();
  await db.insert(transactionSplits).values([
    { userId: user!.id, transactionId: rows[4]!.id, categoryId: food!.id, amountMinor: -2000n, notes: "food" },
    { userId: user!.id, transactionId: rows[4]!.id, categoryId: null, amountMinor: -1000n },
  ]);
  // Every fractional-second form Postgres prints: none, one digit, micros, and rounding edges.
  const stamps = [
    "2024-03-05 10:00:00+00",
    "2024-03-05 10:00:00.5+00",
    "2024-03-05 10:00:00.123456+00",
    "2024-03-05 23:59:59.999999+00",
    "2024-03-05 10:00:00.01+00",
  ];
  for (const [i, row] of rows.entries()) {
    await db.execute(
      sql`update ${transactions} set created_at = ${stamps[i]}::timestamptz, updated_at = ${stamps[(i + 1) % stamps.length]}::timestamptz where id = ${row.id}`,
    );
  }
});
after(() => database.drop());

const expectSameAsGet = async (c: Ctx, items: Awaited<ReturnType<typeof listTransactions>>["items"]) => {
  assert.equal(items.length, 5);
  for (const item of items) {
    const got = await getTransaction({ ctx: c, input: { id: item.id } });
    assert.deepEqual(item, got);
    assert.equal(JSON.stringify(item), JSON.stringify(got), "same key order on the wire");
  }
};

describe("listTransactions maps rows exactly like getTransaction", () => {
  test("every field: text with quotes and unicode, tags, amounts in 0/2/3-decimal currencies and beyond 2^53, splits, timestamps", async () => {
    const page = await listTransactions({ ctx, input: {} });
    assert.deepEqual(
      page.items.map((t) => t.amount),
      ["-12.34", "-3000", "0.001", "-9007199254740993.12", "-30.00"],
    );
    assert.deepEqual(page.items[0]!.tags, ["a,b", "{c}", 'd"e', "ünï", ""]);
    assert.equal(page.items[4]!.splits.length, 2);
    assert.deepEqual(page.items[1]!.category, {
      source: "model",
      confidence: 0.4375,
      model: "default",
      modelVersion: "v2",
      alternatives: [{ label: "Books", categoryId: null, confidence: 0.25 }],
      suggestion: { categoryId: page.items[0]!.categoryId, name: "Food", confidence: 0.4375 },
      categorizedAt: "2024-03-04T08:09:10.123Z",
    });
    assert.equal(page.items[0]!.category.source, null);
    await expectSameAsGet(ctx, page.items);
  });

  test("inside a transaction whose session is not in UTC", async () => {
    await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`set local time zone 'Asia/Kolkata'`);
      const page = await listTransactions({ ctx: { ...ctx, db: tx }, input: {} });
      assert.equal(page.items[0]!.createdAt, "2024-03-05T10:00:00.000Z");
      await expectSameAsGet({ ...ctx, db: tx }, page.items);
    });
  });
});
