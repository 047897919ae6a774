import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, categories, categoryFeedback, modelVersions, transactions, users } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { countVersionFeedback } from "./count-version-feedback.ts";
import { listLabelledHistory } from "./list-labelled-history.ts";
import { listPeopleDueForRetraining } from "./list-people-due-for-retraining.ts";
import { registerModelVersion } from "./register-model-version.ts";

describe("the model registry's use cases", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  const person = async () => {
    const db = database.db;
    const [user] = await db
      .insert(users)
      .values({ email: `u${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
      .returning();
    const userId = user!.id;
    const [account] = await db
      .insert(accounts)
      .values({ userId, name: "Card", type: "credit_card", currency: "GBP" })
      .returning();
    const [food] = await db.insert(categories).values({ userId, name: "Food", kind: "expense" }).returning();
    return { userId, accountId: account!.id, categoryId: food!.id };
  };

  test("a person's labelled history is what they stand behind, theirs only, with money out negative", async () => {
    const me = await person();
    const other = await person();
    const row = (p: typeof me, description: string, source: "manual" | "rule" | "memory" | "model" | null) => ({
      userId: p.userId,
      accountId: p.accountId,
      date: "2017-01-03",
      amountMinor: -1250n,
      currency: "GBP",
      description,
      categoryId: source ? p.categoryId : null,
      categorySource: source,
    });
    const inserted = await database.db
      .insert(transactions)
      .values([
        row(me, "by hand", "manual"),
        row(me, "by rule", "rule"),
        row(me, "remembered", "memory"),
        row(me, "model, accepted", "model"),
        row(me, "model, unconfirmed", "model"),
        row(me, "uncategorized", null),
        row(other, "someone else's", "manual"),
      ])
      .returning();
    const accepted = inserted.find((t) => t.description === "model, accepted")!;
    await database.db.insert(categoryFeedback).values({
      userId: me.userId,
      transactionId: accepted.id,
      source: "model",
      outcome: "accepted",
    });
    const history = await listLabelledHistory({ ctx: { db: database.db, userId: me.userId } });
    assert.deepEqual(history.map((h) => h.description).sort(), ["by hand", "by rule", "model, accepted", "remembered"]);
    assert.equal(history[0]!.amount, "-12.50");
    assert.equal(history[0]!.categoryId, me.categoryId);
  });

  test("retraining is due once corrections since the person's newest own model reach the threshold", async () => {
    const me = await person();
    const other = await person();
    const correct = (userId: string, n: number, createdAt = new Date()) =>
      database.db.insert(categoryFeedback).values(
        Array.from({ length: n }, () => ({
          userId,
          source: "model" as const,
          outcome: "corrected" as const,
          createdAt,
        })),
      );
    await correct(me.userId, 3, new Date(Date.now() - 60_000));
    await correct(other.userId, 2);
    const due = (userId?: string) =>
      listPeopleDueForRetraining({ ctx: { db: database.db }, minCorrections: 3, ...(userId ? { userId } : {}) });
    assert.ok((await due()).includes(me.userId));
    assert.ok(!(await due()).includes(other.userId));
    assert.deepEqual(await due(other.userId), []);
    // A model registered after those corrections resets the count.
    await database.db.insert(modelVersions).values({
      model: `person-${me.userId}`,
      version: "v1",
      userId: me.userId,
      artifactUri: `pg://model-artifacts/${"a".repeat(64)}`,
      artifactSha256: "a".repeat(64),
      labels: [me.categoryId],
    });
    assert.deepEqual(await due(me.userId), []);
    await correct(me.userId, 3);
    assert.deepEqual(await due(me.userId), [me.userId]);
  });

  test("registering is idempotent for the same artifact and a conflict for another", async () => {
    const input = {
      model: "categorizer",
      version: "v7",
      artifactUri: `pg://model-artifacts/${"b".repeat(64)}`,
      artifactSha256: "b".repeat(64),
      labels: ["Food", "Fuel"],
    };
    const first = await registerModelVersion({ ctx: { db: database.db }, input });
    assert.equal(first.created, true);
    const again = await registerModelVersion({ ctx: { db: database.db }, input });
    assert.equal(again.created, false);
    assert.equal(again.row.id, first.row.id);
    await assert.rejects(
      registerModelVersion({ ctx: { db: database.db }, input: { ...input, artifactSha256: "c".repeat(64) } }),
      { code: "CONFLICT" },
    );
    await assert.rejects(
      registerModelVersion({ ctx: { db: database.db }, input: { ...input, artifactSha256: "nope" } }),
      {
        code: "VALIDATION",
      },
    );
  });

  test("a version's feedback is counted in the window, every person's", async () => {
    const a = await person();
    const b = await person();
    const fb = (userId: string, outcome: "accepted" | "corrected", createdAt = new Date()) => ({
      userId,
      source: "model" as const,
      model: "categorizer",
      modelVersion: "v9",
      outcome,
      createdAt,
    });
    await database.db
      .insert(categoryFeedback)
      .values([
        fb(a.userId, "accepted"),
        fb(b.userId, "accepted"),
        fb(b.userId, "corrected"),
        fb(a.userId, "accepted", new Date(Date.now() - 600_000)),
      ]);
    const counts = await countVersionFeedback({
      ctx: { db: database.db },
      model: "categorizer",
      version: "v9",
      since: new Date(Date.now() - 300_000),
    });
    assert.deepEqual(counts, { total: 3, accepted: 2 });
  });
});
