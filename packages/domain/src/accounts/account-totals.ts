import { type DbOrTx, transactions } from "@fincoach/db";
import { and, eq, inArray, sql } from "drizzle-orm";

/** Sum of transaction amounts per account (minor units), computed in one grouped query. */
export const accountTotals = async (db: DbOrTx, userId: string, accountIds: string[]): Promise<Map<string, bigint>> => {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .select({
      accountId: transactions.accountId,
      total: sql<string>`coalesce(sum(${transactions.amountMinor}), 0)::text`,
    })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), inArray(transactions.accountId, accountIds)))
    .groupBy(transactions.accountId);
  return new Map(rows.map((r) => [r.accountId, BigInt(r.total)]));
};
