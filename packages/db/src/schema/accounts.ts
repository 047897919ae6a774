import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    /**
     * The account number or IBAN as the bank writes it in statements; picks this account's
     * statement out of a file that holds several. Set by the person, or by the first import
     * of a file that states one.
     */
    accountNumber: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // (user_id, id) rather than user_id alone: the same index finds a person's accounts and is
  // the target of transactions' composite foreign key, which keeps every transaction on an
  // account of its own person.
  (t) => [uniqueIndex("accounts_user_id_idx").on(t.userId, t.id)],
);
export type Account = typeof accounts.$inferSelect;
