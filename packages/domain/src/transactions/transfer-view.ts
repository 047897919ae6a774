import { type DbOrTx, transactions } from "@fincoach/db";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { requireRow } from "../shared/require-row.ts";
import { Uuid } from "../shared/schemas.ts";
import { loadSplits } from "./load-splits.ts";
import { suggestionName } from "./suggestion-name.ts";
import { TransactionView, toTransactionView } from "./transaction-view.ts";

export const TransferView = z
  .object({
    transferId: Uuid,
    /** The leg that takes money out (negative amount). */
    from: TransactionView,
    /** The leg that receives it (positive amount). */
    to: TransactionView,
  })
  .meta({ id: "Transfer" });
export type TransferView = z.infer<typeof TransferView>;

/** Both legs of one of the person's transfers; NOT_FOUND for an unknown or someone else's id. */
export const loadTransfer = async (db: DbOrTx, userId: string, transferId: string): Promise<TransferView> => {
  const legs = await db
    .select()
    .from(transactions)
    .where(and(eq(transactions.transferId, transferId), eq(transactions.userId, userId)))
    .orderBy(asc(transactions.amountMinor), asc(transactions.id));
  const from = requireRow(legs[0], "transfer");
  const to = requireRow(legs[1], "transfer");
  const splits = await loadSplits(db, userId, [from.id, to.id]);
  return {
    transferId,
    from: toTransactionView(
      from,
      splits.get(from.id) ?? [],
      await suggestionName(db, userId, from.suggestedCategoryId),
    ),
    to: toTransactionView(to, splits.get(to.id) ?? [], await suggestionName(db, userId, to.suggestedCategoryId)),
  };
};
