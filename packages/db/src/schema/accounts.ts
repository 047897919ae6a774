import { sql } from "drizzle-orm";
import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, currencyCode, id, minorUnits, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

export const ACCOUNT_TYPES = ["checking", "savings", "credit_card", "cash", "loan", "investment"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const accounts = pgTable(
  "accounts",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    type: text({ enum: ACCOUNT_TYPES }).notNull(),
    currency: currencyCode().notNull(),
    /** The balance before the first transaction; the current balance is this plus their sum. */
    openingBalanceMinor: minorUnits().notNull().default(sql`0`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);
export type Account = typeof accounts.$inferSelect;
