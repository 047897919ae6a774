import { categories } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { assertSiblingNameFree, lockCategories } from "./category-rules.ts";
import { CategoryKind, CategoryName, type CategoryView, toCategoryView } from "./category-view.ts";
import { findParentGroup } from "./find-category.ts";

/**
 * A child takes its group's kind (`kind`, if given, must match it); a new group without
 * `kind` is an expense group, the common case.
 */
export const CreateCategory = z
  .object({
    name: CategoryName,
    kind: CategoryKind.optional(),
    parentId: Uuid.nullable().optional(),
  })
  .meta({ id: "CreateCategory" });
export type CreateCategory = z.infer<typeof CreateCategory>;

export const createCategory = async ({ ctx, input }: { ctx: Ctx; input: CreateCategory }): Promise<CategoryView> => {
  const data = CreateCategory.parse(input);
  return ctx.db.transaction(async (tx) => {
    const scoped: Ctx = { db: tx, userId: ctx.userId };
    await lockCategories(tx, ctx.userId);
    const parent = data.parentId ? await findParentGroup(scoped, "parentId", data.parentId) : undefined;
    if (parent && data.kind && data.kind !== parent.kind) {
      throw invalidField("kind", `must be "${parent.kind}", the kind of its group`);
    }
    await assertSiblingNameFree(scoped, parent?.id ?? null, data.name);
    const [row] = await tx
      .insert(categories)
      .values({
        userId: ctx.userId,
        name: data.name,
        kind: parent?.kind ?? data.kind ?? "expense",
        parentId: parent?.id ?? null,
      })
      .returning();
    return toCategoryView(row!);
  });
};
