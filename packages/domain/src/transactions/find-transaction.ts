import { type DbOrTx, type Transaction, transactions } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
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
