import { type AnyPgColumn, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

export const CATEGORY_KINDS = ["income", "expense", "transfer"] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

/** Two levels: groups (parentId null) and their children, e.g. Food > Groceries. */
export const categories = pgTable(
  "categories",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    parentId: uuid().references((): AnyPgColumn => categories.id, { onDelete: "cascade" }),
    name: text().notNull(),
    kind: text({ enum: CATEGORY_KINDS }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("categories_user_idx").on(t.userId, t.parentId)],
);
export type Category = typeof categories.$inferSelect;
