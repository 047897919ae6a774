import { type DbOrTx, merchantMemories } from "@fincoach/db";
import { and, eq, sql } from "drizzle-orm";

/** The person's remembered category for each of `keys` that has one (one query). */
export const lookupMerchantMemories = async (
  db: DbOrTx,
  userId: string,
  keys: readonly string[],
): Promise<Map<string, string>> => {
  const distinct = [...new Set(keys)].filter(Boolean);
  if (distinct.length === 0) return new Map();
  const rows = await db
    .select({ key: merchantMemories.merchantKey, categoryId: merchantMemories.categoryId })
    .from(merchantMemories)
    .where(
      and(
        eq(merchantMemories.userId, userId),
        sql`${merchantMemories.merchantKey} = any(${sql.param(distinct)}::text[])`,
      ),
    );
  return new Map(rows.map((r) => [r.key, r.categoryId]));
};

/** Whether the person has any remembered correction: with none, the pipeline skips normalizing. */
export const hasMerchantMemories = async (db: DbOrTx, userId: string): Promise<boolean> => {
  const rows = await db
    .select({ one: sql`1` })
    .from(merchantMemories)
    .where(eq(merchantMemories.userId, userId))
    .limit(1);
  return rows.length > 0;
};
