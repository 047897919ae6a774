import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { accounts, transactions, users } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq, sql } from "drizzle-orm";

// The database itself keeps a transaction on an account of its own person and dedupes
// external ids per account: the domain checks ownership first, and these hold whatever
// writes the table (imports via COPY, workers, manual SQL).

let database: TestDatabase;
const person = async (email: string) => {
  const [user] = await database.db.insert(users).values({ email, passwordHash: "x" }).returning();
  const [account] = await database.db
    .insert(accounts)
    .values({ userId: user!.id, name: "Current", type: "checking", currency: "EUR" })
    .returning();
  return { userId: user!.id, accountId: account!.id };
};
const row = (owner: { userId: string; accountId: string }, externalId: string | null = null) => ({
  ...owner,
  date: "2024-03-05",
  amountMinor: -1234n,
  currency: "EUR",
  description: "Bakery",
  externalId,
});
const countFor = async (userId: string) =>
  (
    await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(transactions)
      .where(eq(transactions.userId, userId))
  )[0]!.n;
/** The SQLSTATE of a failed statement (drizzle wraps postgres.js's error as its cause). */
const sqlState = (error: unknown) => (error as { cause?: { code?: string } }).cause?.code;

before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

test("a transaction on another person's account is refused by the database", async () => {
  const ann = await person("ann@example.com");
  const bob = await person("bob@example.com");
  await assert.rejects(
    database.db.insert(transactions).values(row({ userId: ann.userId, accountId: bob.accountId })),
    (error) => sqlState(error) === "23503",
  );
  assert.equal(await countFor(ann.userId), 0);
  await database.db.insert(transactions).values(row(ann));
  assert.equal(await countFor(ann.userId), 1);
});

test("external ids are unique per account; NULL ones and other accounts never conflict", async () => {
  const ann = await person("ann2@example.com");
  const [second] = await database.db
    .insert(accounts)
    .values({ userId: ann.userId, name: "Savings", type: "savings", currency: "EUR" })
    .returning();
  await database.db.insert(transactions).values([row(ann, "fitid-1"), row(ann), row(ann)]);
  await assert.rejects(
    database.db.insert(transactions).values(row(ann, "fitid-1")),
    (error) => sqlState(error) === "23505",
  );
  await database.db.insert(transactions).values(row({ userId: ann.userId, accountId: second!.id }, "fitid-1"));
  assert.equal(await countFor(ann.userId), 4);
});

test("deleting a person still deletes their transactions (by way of their accounts now)", async () => {
  const ann = await person("ann3@example.com");
  const bob = await person("bob3@example.com");
  await database.db.insert(transactions).values([row(ann, "a"), row(bob, "b")]);
  await database.db.delete(users).where(eq(users.id, ann.userId));
  assert.equal(await countFor(ann.userId), 0);
  assert.equal(await countFor(bob.userId), 1);
});
