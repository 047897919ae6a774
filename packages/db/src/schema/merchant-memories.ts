import { integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { categories } from "./categories.ts";
import { updatedAt } from "./columns.ts";
import { users } from "./users.ts";

/**
 * A person's remembered correction: the category they last chose by hand for a normalized
 * merchant. The pipeline consults it after their rules and before the model.
 */
export const merchantMemories = pgTable(
  "merchant_memories",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** normalizeMerchant's key. */
    merchantKey: text().notNull(),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    /** Identical corrections in a row for this merchant; a different one restarts it at 1. */
    corrections: integer().notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.merchantKey] })],
);
export type MerchantMemory = typeof merchantMemories.$inferSelect;
