import { categories, transactionSplits, transactions } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { lockCategories } from "./category-rules.ts";
import { childrenOf, findCategory, findReferencedCategory } from "./find-category.ts";

/**
 * Deletes a category; a group goes with its children, and budgets on any of them go too.
 * Their transactions and split rows become uncategorized (the FK sets NULL), unless
 * `reassignTo` names a category to move them to first, in the same database transaction.
 */
export const deleteCategory = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; reassignTo?: string | undefined };
}): Promise<void> => {
  await ctx.db.transaction(async (tx) => {
    const scoped: Ctx = { db: tx, userId: ctx.userId };
    await lockCategories(tx, ctx.userId);
    const category = await findCategory(scoped, input.id);
    const ids = [category.id, ...(await childrenOf(scoped, category.id)).map((c) => c.id)];
    if (input.reassignTo !== undefined) {
      const target = await findReferencedCategory(scoped, "reassignTo", input.reassignTo);
      if (ids.includes(target.id)) throw invalidField("reassignTo", "must not be a category that is being deleted");
      await tx
        .update(transactions)
        .set({ categoryId: target.id })
        .where(and(eq(transactions.userId, ctx.userId), inArray(transactions.categoryId, ids)));
      await tx
        .update(transactionSplits)
        .set({ categoryId: target.id })
        .where(and(eq(transactionSplits.userId, ctx.userId), inArray(transactionSplits.categoryId, ids)));
    }
    await tx.delete(categories).where(and(eq(categories.id, category.id), eq(categories.userId, ctx.userId)));
  });
};
