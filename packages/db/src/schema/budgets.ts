import { boolean, date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { categories } from "./categories.ts";
import { createdAt, currencyCode, id, minorUnits, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

export const BUDGET_PERIODS = ["weekly", "monthly", "yearly"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const budgets = pgTable(
  "budgets",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    period: text({ enum: BUDGET_PERIODS }).notNull(),
    amountMinor: minorUnits().notNull(),
    currency: currencyCode().notNull(),
    /** Unspent (or overspent) amount of the previous period carries into the current one. */
    rollover: boolean().notNull().default(false),
    /** First day the budget applies; periods are counted from here. */
    startDate: date({ mode: "string" }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // One budget per category and period keeps "spent vs budget" unambiguous.
  (t) => [
    index("budgets_user_idx").on(t.userId),
    uniqueIndex("budgets_category_period_idx").on(t.userId, t.categoryId, t.period),
  ],
);
export type Budget = typeof budgets.$inferSelect;
