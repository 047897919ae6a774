import { categories } from "@fincoach/db";
import { asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { type CategoryGroupView, type CategoryView, toCategoryView } from "./category-view.ts";

/** Every category of the person, flat, ordered by name (case-insensitive). */
export const listCategories = async ({ ctx }: { ctx: Ctx }): Promise<CategoryView[]> => {
  const rows = await ctx.db
    .select()
    .from(categories)
    .where(eq(categories.userId, ctx.userId))
    .orderBy(asc(sql`lower(${categories.name})`), asc(categories.id));
  return rows.map(toCategoryView);
};

/** The same categories as groups, each with its children; both levels ordered by name. */
export const listCategoryTree = async ({ ctx }: { ctx: Ctx }): Promise<CategoryGroupView[]> => {
  const all = await listCategories({ ctx });
  const groups = all.filter((c) => c.parentId === null).map((g) => ({ ...g, children: [] as CategoryView[] }));
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const c of all) if (c.parentId !== null) byId.get(c.parentId)?.children.push(c);
  return groups;
};
