import { type DbOrTx, transactionSplits, transactions } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { ResolvedPart } from "./split-parts.ts";
import { uuidV7Batch } from "./uuid-v7.ts";

/**
 * Replaces a transaction's parts (none = unsplit). Run inside a DB transaction holding
 * the row lock. A split transaction's own category is null: its parts carry the
 * categories, so spending by category counts each amount exactly once.
 */
export const writeSplits = async (
  tx: DbOrTx,
  userId: string,
  transactionId: string,
  parts: readonly ResolvedPart[],
): Promise<void> => {
  const removed = await tx
    .delete(transactionSplits)
    .where(and(eq(transactionSplits.transactionId, transactionId), eq(transactionSplits.userId, userId)))
    .returning({ id: transactionSplits.id });
  if (parts.length > 0) {
    const ids = uuidV7Batch(parts.length);
    await tx.insert(transactionSplits).values(parts.map((p, i) => ({ id: ids[i]!, userId, transactionId, ...p })));
  } else if (removed.length === 0) {
    return; // unsplitting a transaction that was never split changes nothing, not even its category
  }
  await tx
    .update(transactions)
    .set(parts.length > 0 ? { categoryId: null } : { updatedAt: new Date() })
    .where(and(eq(transactions.id, transactionId), eq(transactions.userId, userId)));
};
