import { type DbOrTx, type TransactionSplit, transactionSplits } from "@fincoach/db";
import { and, asc, eq, inArray } from "drizzle-orm";

/**
 * Split parts of many transactions in one query (never one per transaction), grouped by
 * transaction id, each group in the order it was written (ids are UUIDv7 per batch).
 */
export const loadSplits = async (
  db: DbOrTx,
  userId: string,
  transactionIds: readonly string[],
): Promise<Map<string, TransactionSplit[]>> => {
  const byTransaction = new Map<string, TransactionSplit[]>();
  if (transactionIds.length === 0) return byTransaction;
  const rows = await db
    .select()
    .from(transactionSplits)
    .where(and(eq(transactionSplits.userId, userId), inArray(transactionSplits.transactionId, [...transactionIds])))
    .orderBy(asc(transactionSplits.id));
  for (const row of rows) {
    const group = byTransaction.get(row.transactionId);
    if (group) group.push(row);
    else byTransaction.set(row.transactionId, [row]);
  }
  return byTransaction;
};

/** A transaction's view needs its splits; this is the single-row convenience. */
export const splitsOf = async (db: DbOrTx, userId: string, transactionId: string): Promise<TransactionSplit[]> =>
  (await loadSplits(db, userId, [transactionId])).get(transactionId) ?? [];
