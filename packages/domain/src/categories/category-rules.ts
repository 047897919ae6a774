import { categories, type DbOrTx } from "@fincoach/db";
import { conflict } from "@fincoach/errors";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";

/**
 * Serializes a person's category writes. Sibling-name uniqueness is checked by a query,
 * not an index, so two concurrent creates of "Food" must not both pass the check.
 */
export const lockCategories = async (tx: DbOrTx, userId: string): Promise<void> => {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`categories:${userId}`}, 0))`);
};

/** CONFLICT when a sibling (same parent, or both top level) already has this name, ignoring case. */
export const assertSiblingNameFree = async (
  ctx: Ctx,
  parentId: string | null,
  name: string,
  exceptId?: string,
): Promise<void> => {
  const [clash] = await ctx.db
    .select({ id: categories.id })
    .from(categories)
    .where(
      and(
        eq(categories.userId, ctx.userId),
        parentId === null ? isNull(categories.parentId) : eq(categories.parentId, parentId),
        eq(sql`lower(${categories.name})`, name.toLowerCase()),
        exceptId ? ne(categories.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (clash) {
    throw conflict(
      `a category named "${name}" already exists ${parentId === null ? "at the top level" : "in this group"}`,
    );
  }
};
