import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { createdAt, currencyCode, id, minorUnits, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

export const DEBT_INTEREST_METHODS = ["monthly", "daily_365", "daily_360"] as const;

/**
 * A debt's minimum payment rule as stored; amounts and percentages are decimal strings
 * (validated by `@fincoach/domain` before they are written), never JSON numbers.
 */
export type MinimumPaymentData =
  | { kind: "fixed"; amount: string }
  | { kind: "percent"; percent: string; floor: string }
  | { kind: "interest_plus_percent"; percent: string; floor: string };

/** One stretch of the APR timeline; `to` inclusive, null for open-ended. */
export type AprEntryData = {
  apr: string;
  from: string;
  to: string | null;
  kind: "standard" | "promotional" | "deferred_interest";
};

/**
 * A person's debt. A debt linked to an account follows that account's balance (what it owes
 * is the negated balance); `balanceMinor` is used while it is not linked, and holds what the
 * account owed when it was linked or unlinked.
 */
export const debts = pgTable(
  "debts",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    // Set null: deleting the account leaves the debt with its last stored balance, not deleted.
    accountId: uuid().references(() => accounts.id, { onDelete: "set null" }),
    balanceMinor: minorUnits().notNull(),
    currency: currencyCode().notNull(),
    /** Yearly percentage as given ("22.90"): text keeps its exact digits. */
    apr: text().notNull(),
    aprSchedule: jsonb().$type<AprEntryData[]>().notNull().default([]),
    interestMethod: text({ enum: DEBT_INTEREST_METHODS }).notNull().default("monthly"),
    minimumPayment: jsonb().$type<MinimumPaymentData>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("debts_user_idx").on(t.userId, t.createdAt)],
);
export type Debt = typeof debts.$inferSelect;
