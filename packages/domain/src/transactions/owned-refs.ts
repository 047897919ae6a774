import { accounts, categories, type DbOrTx } from "@fincoach/db";
import { notFound } from "@fincoach/errors";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";

/**
 * The person's account, or NOT_FOUND naming the field that referenced it (`accountId`,
 * `fromAccountId`...), so a caller can tell which reference was wrong.
 */
export const requireOwnedAccount = async (ctx: Ctx, id: string, field: string) => {
  const [row] = await ctx.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.userId, ctx.userId)));
  if (!row) throw notFound(`account (${field})`);
  return row;
};

/**
 * Checks in one query that every referenced category is the person's; NOT_FOUND names
 * the first field whose category is missing (`categoryId`, `splits.2.categoryId`).
 */
export const requireOwnedCategories = async (
  db: DbOrTx,
  userId: string,
  refs: ReadonlyArray<{ id: string | null | undefined; field: string }>,
): Promise<void> => {
  const ids = [...new Set(refs.flatMap((r) => (r.id ? [r.id] : [])))];
  if (ids.length === 0) return;
  const found = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.userId, userId), inArray(categories.id, ids)));
  const owned = new Set(found.map((c) => c.id));
  const missing = refs.find((r) => r.id && !owned.has(r.id));
  if (missing) throw notFound(`category (${missing.field})`);
};
