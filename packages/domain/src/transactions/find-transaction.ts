import { type DbOrTx, type Transaction, transactions } from "@fincoach/db";
import { and, asc, eq, or } from "drizzle-orm";
import { requireRow } from "../shared/require-row.ts";

/**
 * The person's transaction or NOT_FOUND (also for someone else's id). With `lock`, the
 * row is locked until the surrounding DB transaction ends, so concurrent edits of its
 * amount and splits serialize instead of interleaving.
 */
export const findTransaction = async (
  db: DbOrTx,
  userId: string,
  id: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<Transaction> => {
  const query = db
    .select()
    .from(transactions)
    .where(and(eq(transactions.id, id), eq(transactions.userId, userId)));
  return requireRow((lock ? await query.for("update") : await query)[0], "transaction");
};

/**
 * Locks a transaction and, if it is a transfer leg, its other leg too, always in id
 * order: two requests editing the two legs of one transfer then queue behind each other
 * instead of deadlocking. Returns the locked (fresh) row and every locked leg.
 */
export const lockTransactionAndLegs = async (
  tx: DbOrTx,
  userId: string,
  id: string,
): Promise<{ row: Transaction; legs: Transaction[] }> => {
  const seen = await findTransaction(tx, userId, id);
  const legs = await tx
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.userId, userId),
        seen.transferId
          ? or(eq(transactions.id, id), eq(transactions.transferId, seen.transferId))
          : eq(transactions.id, id),
      ),
    )
    .orderBy(asc(transactions.id))
    .for("update");
  return {
    row: requireRow(
      legs.find((l) => l.id === id),
      "transaction",
    ),
    legs,
  };
};
