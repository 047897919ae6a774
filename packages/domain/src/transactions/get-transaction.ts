import type { Ctx } from "../shared/context.ts";
import { findTransaction } from "./find-transaction.ts";
import { splitsOf } from "./load-splits.ts";
import { suggestionName } from "./suggestion-name.ts";
import { type TransactionView, toTransactionView } from "./transaction-view.ts";

/** One of the person's transactions with its split parts; NOT_FOUND for anyone else's. */
export const getTransaction = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<TransactionView> => {
  const row = await findTransaction(ctx.db, ctx.userId, input.id);
  return toTransactionView(
    row,
    await splitsOf(ctx.db, ctx.userId, row.id),
    await suggestionName(ctx.db, ctx.userId, row.suggestedCategoryId),
  );
};
