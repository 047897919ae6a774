import { type Category, categories } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { assertSiblingNameFree, lockCategories } from "./category-rules.ts";
import { CategoryKind, CategoryName, type CategoryView, toCategoryView } from "./category-view.ts";
import { childrenOf, findCategory, findParentGroup } from "./find-category.ts";

/**
 * `parentId: null` makes a child a group. Moving under a group adopts the group's kind;
 * changing a group's kind changes its children's with it.
 */
export const UpdateCategory = z
  .object({
    name: CategoryName.optional(),
    kind: CategoryKind.optional(),
    parentId: Uuid.nullable().optional(),
  })
  .strict()
  .meta({ id: "UpdateCategory" });
export type UpdateCategory = z.infer<typeof UpdateCategory>;

/** Where the category ends up and with which kind, enforcing the two-level rule. */
const placement = async (ctx: Ctx, current: Category, patch: UpdateCategory) => {
  const parentId = patch.parentId === undefined ? current.parentId : patch.parentId;
  if (parentId === null) return { parentId, kind: patch.kind ?? current.kind };
  if (parentId === current.id) throw invalidField("parentId", "a category can't be its own parent");
  const parent = await findParentGroup(ctx, "parentId", parentId);
  if ((await childrenOf(ctx, current.id)).length > 0) {
    throw invalidField("parentId", "a group with children can't move under another group: only two levels");
  }
  if (patch.kind && patch.kind !== parent.kind) {
    throw invalidField("kind", `must be "${parent.kind}", the kind of its group`);
  }
  return { parentId, kind: parent.kind };
};

export const updateCategory = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateCategory };
}): Promise<CategoryView> => {
  const patch = UpdateCategory.parse(input.patch);
  return ctx.db.transaction(async (tx) => {
    const scoped: Ctx = { db: tx, userId: ctx.userId };
    await lockCategories(tx, ctx.userId);
    const current = await findCategory(scoped, input.id);
    const { parentId, kind } = await placement(scoped, current, patch);
    const name = patch.name ?? current.name;
    await assertSiblingNameFree(scoped, parentId, name, current.id);
    const [row] = await tx
      .update(categories)
      .set({ name, kind, parentId })
      .where(and(eq(categories.id, current.id), eq(categories.userId, ctx.userId)))
      .returning();
    if (parentId === null && kind !== current.kind) {
      await tx
        .update(categories)
        .set({ kind })
        .where(and(eq(categories.userId, ctx.userId), eq(categories.parentId, current.id)));
    }
    return toCategoryView(row!);
  });
};
