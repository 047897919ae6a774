import { randomUUID } from "node:crypto";
import { accounts, categories, transactionSplits, transactions } from "@fincoach/db";
import { seedDefaultCategories } from "@fincoach/domain";
import { and, eq, isNull } from "drizzle-orm";
import type { Harness } from "../../test-support/api-harness.ts";

/**
 * Rows written straight into the database for the category, budget and goal tests: the
 * transactions API is tested on its own, and these tests must not depend on it.
 */
export const fixtures = (h: Harness) => {
  const db = h.database.db;

  /** A person with the default taxonomy, as sign-up gives them. */
  const seededUser = async () => {
    const u = await h.newUser();
    await seedDefaultCategories(db, u.id);
    return u;
  };

  /** The id of the person's category `name` (a group, or a child of `group`). */
  const categoryId = async (userId: string, name: string, group?: string): Promise<string> => {
    const parentId = group === undefined ? null : await categoryId(userId, group);
    const [row] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(
        and(
          eq(categories.userId, userId),
          eq(categories.name, name),
          parentId === null ? isNull(categories.parentId) : eq(categories.parentId, parentId),
        ),
      );
    if (!row) throw new Error(`no category ${group ? `${group} > ` : ""}${name}`);
    return row.id;
  };

  const account = async (userId: string, currency = "EUR", openingBalanceMinor = 0n): Promise<string> => {
    const [row] = await db
      .insert(accounts)
      .values({ userId, name: `${currency} account`, type: "checking", currency, openingBalanceMinor })
      .returning({ id: accounts.id });
    return row!.id;
  };

  type TxInput = {
    userId: string;
    accountId: string;
    date: string;
    amountMinor: bigint;
    currency?: string;
    categoryId?: string | null;
    transferId?: string;
  };
  const tx = async (t: TxInput): Promise<string> => {
    const [row] = await db
      .insert(transactions)
      .values({ currency: "EUR", description: "test", ...t })
      .returning({ id: transactions.id });
    return row!.id;
  };

  /** A split transaction: no category of its own, one split row per part. */
  const splitTx = async (t: Omit<TxInput, "amountMinor" | "categoryId">, parts: [string, bigint][]) => {
    const id = await tx({ ...t, categoryId: null, amountMinor: parts.reduce((s, [, m]) => s + m, 0n) });
    await db
      .insert(transactionSplits)
      .values(
        parts.map(([categoryId, amountMinor]) => ({ userId: t.userId, transactionId: id, categoryId, amountMinor })),
      );
    return id;
  };

  const txCategory = async (id: string) =>
    (await db.select({ c: transactions.categoryId }).from(transactions).where(eq(transactions.id, id)))[0]?.c;
  const splitCategories = async (transactionId: string) =>
    (
      await db
        .select({ c: transactionSplits.categoryId })
        .from(transactionSplits)
        .where(eq(transactionSplits.transactionId, transactionId))
    ).map((r) => r.c);

  return { seededUser, categoryId, account, tx, splitTx, txCategory, splitCategories, newTransferId: randomUUID };
};
