import { transactionSplits, transactions } from "@fincoach/db";
import { notFound } from "@fincoach/errors";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { manualDecision } from "../categorization/decision-columns.ts";
import { recordCorrections } from "../categorization/record-corrections.ts";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { requireOwnedCategories } from "./owned-refs.ts";
import { parseInput } from "./parse-input.ts";

export const BulkRecategorize = z
  .object({
    ids: z
      .array(Uuid)
      .min(1)
      .max(1000)
      .transform((ids) => [...new Set(ids)]),
    /** null leaves the transactions uncategorized. */
    categoryId: Uuid.nullable(),
  })
  .strict()
  .meta({ id: "BulkRecategorize" });
export type BulkRecategorize = z.input<typeof BulkRecategorize>;

/**
 * Gives many transactions one category, all or nothing: if any id is not the person's,
 * NOT_FOUND and nothing changes. Split transactions become whole again with the new
 * category (or none): bulk recategorizing says "these are all X", and a split
 * transaction can't carry a category of its own.
 */
export const bulkRecategorize = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: BulkRecategorize;
}): Promise<{ updated: number }> => {
  const { ids, categoryId } = parseInput(BulkRecategorize, input);
  await requireOwnedCategories(ctx.db, ctx.userId, [{ id: categoryId, field: "categoryId" }]);
  return ctx.db.transaction(async (tx) => {
    const mine = and(eq(transactions.userId, ctx.userId), inArray(transactions.id, ids));
    // Lock in id order first, so two overlapping bulk edits queue instead of deadlocking.
    const t = transactions;
    const found = await tx
      .select({
        id: t.id,
        description: t.description,
        merchant: t.merchant,
        categoryId: t.categoryId,
        categorySource: t.categorySource,
        categoryConfidence: t.categoryConfidence,
        categoryModel: t.categoryModel,
        categoryModelVersion: t.categoryModelVersion,
        suggestedCategoryId: t.suggestedCategoryId,
      })
      .from(t)
      .where(mine)
      .orderBy(asc(t.id))
      .for("update");
    if (found.length !== ids.length) throw notFound(`${ids.length - found.length} of the transactions`);
    const updated = await tx.update(t).set({ categoryId }).where(mine).returning({ id: t.id });
    // Rows already in the category keep how it was decided; the others become the person's choice.
    const changed = found.filter((r) => r.categoryId !== categoryId);
    if (changed.length > 0) {
      await tx
        .update(t)
        .set(manualDecision(categoryId, new Date()))
        .where(
          and(
            eq(t.userId, ctx.userId),
            inArray(
              t.id,
              changed.map((r) => r.id),
            ),
          ),
        );
      await recordCorrections(tx, ctx.userId, changed, categoryId);
    }
    await tx
      .delete(transactionSplits)
      .where(and(eq(transactionSplits.userId, ctx.userId), inArray(transactionSplits.transactionId, ids)));
    return { updated: updated.length };
  });
};
