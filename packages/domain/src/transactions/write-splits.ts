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
  await tx
    .delete(transactionSplits)
    .where(and(eq(transactionSplits.transactionId, transactionId), eq(transactionSplits.userId, userId)));
  if (parts.length === 0) return;
  const ids = uuidV7Batch(parts.length);
  await tx.insert(transactionSplits).values(parts.map((p, i) => ({ id: ids[i]!, userId, transactionId, ...p })));
  await tx
    .update(transactions)
    .set({ categoryId: null })
    .where(and(eq(transactions.id, transactionId), eq(transactions.userId, userId)));
};
