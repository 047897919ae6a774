import { type DbOrTx, type TransactionSplit, transactionSplits } from "@fincoach/db";
import { and, asc, eq, sql } from "drizzle-orm";
import { preparedFor } from "./prepared.ts";

const s = transactionSplits;

// One statement whatever the number of ids: an array parameter, not an IN list per length.
const splitsQuery = (db: DbOrTx) =>
  preparedFor(db, "transaction_splits_of", () =>
    db
      .select()
      .from(s)
      .where(
        and(eq(s.userId, sql.placeholder("userId")), sql`${s.transactionId} = any(${sql.placeholder("ids")}::uuid[])`),
      )
      .orderBy(asc(s.transactionId), asc(s.id))
      .prepare("transaction_splits_of"),
  );

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
  for (const row of await splitsQuery(db).execute({ userId, ids: transactionIds })) {
    const group = byTransaction.get(row.transactionId);
    if (group) group.push(row);
    else byTransaction.set(row.transactionId, [row]);
  }
  return byTransaction;
};

/** A transaction's view needs its splits; this is the single-row convenience. */
export const splitsOf = async (db: DbOrTx, userId: string, transactionId: string): Promise<TransactionSplit[]> =>
  (await loadSplits(db, userId, [transactionId])).get(transactionId) ?? [];
