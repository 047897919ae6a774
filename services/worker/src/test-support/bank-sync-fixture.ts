import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { type Db, transactions, users } from "@fincoach/db";
import { createConnection } from "@fincoach/domain";
import type { PlaidStandIn } from "@fincoach/testing";
import { eq, sql } from "drizzle-orm";
import { CHECKING_ACCOUNT } from "./plaid-accounts.ts";
import { keyring } from "./sync-fixture.ts";

/**
 * A person with a Plaid connection whose item holds `n` posted transactions of
 * `i + 1.07` (Plaid's sign: money out), ids `<idPrefix><i>`: the feed the process-level
 * sync tests interrupt (SIGKILL, a Redis restart) and then check to the cent.
 */
export const seedBankFeed = async (db: Db, plaid: PlaidStandIn, n: number, idPrefix: string) => {
  const token = plaid.createItem([CHECKING_ACCOUNT]);
  plaid.add(
    token,
    Array.from({ length: n }, (_, i) => ({
      transaction_id: `${idPrefix}${i}`,
      account_id: "a",
      amount: `${i + 1}.07`,
      date: "2026-11-02",
      name: `Shop ${i}`,
    })),
  );
  const [user] = await db
    .insert(users)
    .values({ email: `u${randomBytes(6).toString("hex")}@example.com`, passwordHash: "x" })
    .returning();
  const ctx = { db, userId: user!.id, keyring };
  const connection = await createConnection({ ctx, input: { type: "plaid", name: "Bank", accessToken: token } });
  return { user: user!, ctx, connection };
};

/** The person has exactly the seeded `n` rows, summing to -(Σ (i + 1) * 100 + 7) cents. */
export const assertBankFeedTotals = async (db: Db, userId: string, n: number) => {
  const [totals] = await db
    .select({ n: sql<number>`count(*)::int`, sum: sql<string>`sum(amount_minor)::text` })
    .from(transactions)
    .where(eq(transactions.userId, userId));
  const expected = -(BigInt((n * (n + 1)) / 2) * 100n + BigInt(n) * 7n);
  assert.deepEqual([totals?.n, totals?.sum], [n, expected.toString()]);
};
