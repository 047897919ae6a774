import { categories, type DbOrTx } from "@fincoach/db";
import { and, eq } from "drizzle-orm";

/** The name of a transaction's suggested category, for its view (null: no suggestion). */
export const suggestionName = async (
  db: DbOrTx,
  userId: string,
  suggestedCategoryId: string | null,
): Promise<string | null> => {
  if (suggestedCategoryId === null) return null;
  const [row] = await db
    .select({ name: categories.name })
    .from(categories)
    .where(and(eq(categories.id, suggestedCategoryId), eq(categories.userId, userId)));
  return row?.name ?? null;
};
