import type { Transaction } from "@fincoach/db";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { findTransaction } from "./find-transaction.ts";
import { splitsOf } from "./load-splits.ts";
import { requireOwnedCategories } from "./owned-refs.ts";
import { parseInput } from "./parse-input.ts";
import { type ResolvedPart, resolveParts, SplitParts } from "./split-parts.ts";
import { suggestionName } from "./suggestion-name.ts";
import { type TransactionView, toTransactionView } from "./transaction-view.ts";
import { writeSplits } from "./write-splits.ts";

export const ReplaceSplits = z.object({ splits: SplitParts }).strict().meta({ id: "ReplaceSplits" });
export type ReplaceSplits = z.infer<typeof ReplaceSplits>;

/**
 * Locks the transaction, derives its new parts from the locked row, writes them and
 * returns the fresh view, all in one DB transaction: a rejected split changes nothing.
 */
export const applySplits = async (
  ctx: Ctx,
  id: string,
  partsFor: (row: Transaction) => ResolvedPart[],
): Promise<TransactionView> =>
  ctx.db.transaction(async (tx) => {
    const row = await findTransaction(tx, ctx.userId, id, { lock: true });
    const parts = partsFor(row);
    await requireOwnedCategories(
      tx,
      ctx.userId,
      parts.map((p, i) => ({ id: p.categoryId, field: `splits.${i}.categoryId` })),
    );
    await writeSplits(tx, ctx.userId, row.id, parts);
    const fresh = await findTransaction(tx, ctx.userId, id);
    return toTransactionView(
      fresh,
      await splitsOf(tx, ctx.userId, id),
      await suggestionName(tx, ctx.userId, fresh.suggestedCategoryId),
    );
  });

/** Divides a transaction among categories; the parts must sum exactly to its amount. */
export const replaceSplits = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; body: ReplaceSplits };
}): Promise<TransactionView> => {
  const { splits } = parseInput(ReplaceSplits, input.body);
  return applySplits(ctx, input.id, (row) => resolveParts(splits, row));
};

/** Makes the transaction whole again (uncategorized until someone picks a category). */
export const removeSplits = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<TransactionView> =>
  applySplits(ctx, input.id, () => []);
