import { date, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { createdAt, currencyCode, id, minorUnits, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

/** A savings target; progress comes from a linked account's balance or manual contributions. */
export const goals = pgTable(
  "goals",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    targetMinor: minorUnits().notNull(),
    currency: currencyCode().notNull(),
    targetDate: date({ mode: "string" }),
    accountId: uuid().references(() => accounts.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("goals_user_idx").on(t.userId)],
);
export type Goal = typeof goals.$inferSelect;
