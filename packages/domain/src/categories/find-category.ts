import { type Category, categories } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { referenceNotFound } from "./reference-not-found.ts";

const selectOwn = async (ctx: Ctx, id: string): Promise<Category | undefined> =>
  (
    await ctx.db
      .select()
      .from(categories)
      .where(and(eq(categories.id, id), eq(categories.userId, ctx.userId)))
  )[0];

/** The person's category, or NOT_FOUND (also for someone else's). */
export const findCategory = async (ctx: Ctx, id: string): Promise<Category> =>
  requireRow(await selectOwn(ctx, id), "category");

/** A category referenced from a body or query field; NOT_FOUND names the field. */
export const findReferencedCategory = async (ctx: Ctx, field: string, id: string): Promise<Category> => {
  const row = await selectOwn(ctx, id);
  if (!row) throw referenceNotFound(field, "category");
  return row;
};

/** A category that is to become a parent: it must be a group, since there are only two levels. */
export const findParentGroup = async (ctx: Ctx, field: string, id: string): Promise<Category> => {
  const parent = await findReferencedCategory(ctx, field, id);
  if (parent.parentId !== null) {
    throw invalidField(field, "must be a top-level group: categories have only two levels");
  }
  return parent;
};

/** The children of a group, by name. */
export const childrenOf = async (ctx: Ctx, groupId: string): Promise<Category[]> =>
  ctx.db
    .select()
    .from(categories)
    .where(and(eq(categories.userId, ctx.userId), eq(categories.parentId, groupId)))
    .orderBy(asc(sql`lower(${categories.name})`), asc(categories.id));
