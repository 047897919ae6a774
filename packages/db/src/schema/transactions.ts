import { sql } from "drizzle-orm";
import { date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { categories } from "./categories.ts";
import { createdAt, currencyCode, id, minorUnits, updatedAt } from "./columns.ts";
import { imports } from "./imports.ts";
import { users } from "./users.ts";

export const transactions = pgTable(
  "transactions",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    date: date({ mode: "string" }).notNull(),
    /** Signed: negative is money out of the account. */
    amountMinor: minorUnits().notNull(),
    currency: currencyCode().notNull(),
    description: text().notNull(),
    merchant: text(),
    categoryId: uuid().references(() => categories.id, { onDelete: "set null" }),
    notes: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** Stable id from the source (FITID, bank reference, content hash); dedupes re-imports. */
    externalId: text(),
    importId: uuid().references(() => imports.id, { onDelete: "set null" }),
    /** Both legs of a transfer between two own accounts share one transferId. */
    transferId: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Keyset pagination walks (date desc, id desc) within one user.
    index("transactions_user_date_idx").on(t.userId, t.date.desc(), t.id.desc()),
    index("transactions_account_date_idx").on(t.accountId, t.date.desc(), t.id.desc()),
    index("transactions_category_idx").on(t.categoryId),
    index("transactions_transfer_idx").on(t.transferId),
    uniqueIndex("transactions_external_id_idx")
      .on(t.userId, t.accountId, t.externalId)
      .where(sql`${t.externalId} is not null`),
  ],
);
export type Transaction = typeof transactions.$inferSelect;
export type NewTransaction = typeof transactions.$inferInsert;
