import { date, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, currencyCode, id, minorUnits, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

export const PLAN_STRATEGIES = ["snowball", "avalanche", "custom"] as const;

/** A dated one-off extra as stored: the amount a decimal string in the plan's currency. */
export type PlanExtraData = { date: string; amount: string };

/**
 * A saved payoff plan: its inputs, and the result of its last run (the API's plan view, all
 * figures decimal strings). Re-running recomputes from the debts' balances at that moment.
 */
export const plans = pgTable(
  "plans",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    strategy: text({ enum: PLAN_STRATEGIES }).notNull(),
    currency: currencyCode().notNull(),
    monthlyBudgetMinor: minorUnits().notNull(),
    startDate: date({ mode: "string" }).notNull(),
    /** The debts planned, as resolved when the plan was made (all of the person's, if none were named). */
    debtIds: jsonb().$type<string[]>().notNull(),
    /** Custom strategy only: debt ids, first target first. */
    payoffOrder: jsonb().$type<string[]>(),
    extras: jsonb().$type<PlanExtraData[]>().notNull().default([]),
    result: jsonb().$type<Record<string, unknown>>().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("plans_user_idx").on(t.userId, t.createdAt)],
);
export type Plan = typeof plans.$inferSelect;
