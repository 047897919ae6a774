import { type Category, categories } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { lockCategories } from "./category-rules.ts";
import { CategoryView, toCategoryView } from "./category-view.ts";
import { childrenOf, findCategory, findReferencedCategory } from "./find-category.ts";
import { moveCategoryUsage, type UsageMoved } from "./move-category-usage.ts";

export const MergeCategory = z.object({ intoId: Uuid }).strict().meta({ id: "MergeCategory" });
export type MergeCategory = z.infer<typeof MergeCategory>;

const Count = z.number().int().nonnegative();
export const CategoryMergeResult = z
  .object({
    into: CategoryView,
    /** What moved to the target (from the merged category and any children merged with it). */
    moved: z.object({ transactions: Count, splits: Count, budgets: Count }),
    /** Source budgets dropped because the target already had one for the same period. */
    budgetsDropped: Count,
    /** Children of a merged group that moved under the target group, keeping their identity. */
    reparented: z.array(Uuid),
  })
  .meta({ id: "CategoryMergeResult" });
export type CategoryMergeResult = z.infer<typeof CategoryMergeResult>;

/**
 * Which children of `source` keep living under the target group (no same-named child
 * there) and which merge: into the target's same-named child, or, when the target is not
 * a group, into the target itself. The source's own usage moves to the target first.
 */
const plan = async (ctx: Ctx, source: Category, target: Category) => {
  const children = await childrenOf(ctx, source.id);
  const merges: [string, string][] = [[source.id, target.id]];
  const reparent: string[] = [];
  const targetChildren =
    target.parentId === null
      ? new Map((await childrenOf(ctx, target.id)).map((c) => [c.name.toLowerCase(), c.id]))
      : undefined;
  for (const child of children) {
    const twin = targetChildren?.get(child.name.toLowerCase());
    if (!targetChildren) merges.push([child.id, target.id]);
    else if (twin) merges.push([child.id, twin]);
    else reparent.push(child.id);
  }
  return { merges, reparent };
};

/** Merges `id` into `intoId` and deletes `id`, all in one database transaction. */
export const mergeCategory = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; merge: MergeCategory };
}): Promise<CategoryMergeResult> => {
  const { intoId } = MergeCategory.parse(input.merge);
  return ctx.db.transaction(async (tx) => {
    const scoped: Ctx = { db: tx, userId: ctx.userId };
    await lockCategories(tx, ctx.userId);
    const source = await findCategory(scoped, input.id);
    if (intoId === source.id) throw invalidField("intoId", "can't merge a category into itself");
    const target = await findReferencedCategory(scoped, "intoId", intoId);
    if (target.parentId === source.id) throw invalidField("intoId", "can't merge a group into one of its children");
    const { merges, reparent } = await plan(scoped, source, target);
    if (reparent.length > 0) {
      await tx
        .update(categories)
        .set({ parentId: target.id, kind: target.kind })
        .where(and(eq(categories.userId, ctx.userId), inArray(categories.id, reparent)));
    }
    const total: UsageMoved = { transactions: 0, splits: 0, budgets: 0, budgetsDropped: 0 };
    for (const [from, to] of merges) {
      const moved = await moveCategoryUsage(tx, ctx.userId, from, to);
      for (const k of Object.keys(total) as (keyof UsageMoved)[]) total[k] += moved[k];
    }
    await tx.delete(categories).where(and(eq(categories.id, source.id), eq(categories.userId, ctx.userId)));
    const { budgetsDropped, ...moved } = total;
    return { into: toCategoryView(target), moved, budgetsDropped, reparented: reparent };
  });
};
