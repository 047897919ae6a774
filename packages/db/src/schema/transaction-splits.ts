import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { categories } from "./categories.ts";
import { id, minorUnits } from "./columns.ts";
import { transactions } from "./transactions.ts";
import { users } from "./users.ts";

/** A transaction divided among categories; the parts sum exactly to its amount. */
export const transactionSplits = pgTable(
  "transaction_splits",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    transactionId: uuid()
      .notNull()
      .references(() => transactions.id, { onDelete: "cascade" }),
    categoryId: uuid().references(() => categories.id, { onDelete: "set null" }),
    amountMinor: minorUnits().notNull(),
    notes: text(),
  },
  (t) => [index("transaction_splits_transaction_idx").on(t.transactionId)],
);
export type TransactionSplit = typeof transactionSplits.$inferSelect;
