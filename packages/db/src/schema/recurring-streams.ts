import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { createdAt, currencyCode, id, minorUnits, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

/** Recurring cadences, shortest first (docs/recurring.md gives each one's period and date tolerance). */
export const RECURRING_CADENCES = [
  "weekly",
  "biweekly",
  "semi_monthly",
  "monthly",
  "quarterly",
  "semi_annual",
  "annual",
] as const;
export type RecurringCadence = (typeof RECURRING_CADENCES)[number];

/** Money out of the account (subscriptions, bills) or into it (salary). */
export const RECURRING_DIRECTIONS = ["outflow", "inflow"] as const;
export type RecurringDirection = (typeof RECURRING_DIRECTIONS)[number];

/** A confirmed price change: two consecutive charges at `amountMinor` after a run at `previousMinor`. */
export type PriceChangeData = {
  /** Minor units as decimal integer strings: jsonb has no bigint. */
  previousMinor: string;
  amountMinor: string;
  /** The first charge at the new amount. */
  since: string;
  /** The second charge at the new amount, which confirmed it. */
  confirmedOn: string;
};

/**
 * A recurring stream the detector found in one account's charges at one normalized merchant
 * (`@fincoach/domain` recurring/). Its status (early_detection, mature, paused, ended) depends
 * on the day it is read, so only the person's own decisions are stored: `endedAt` (ended by
 * the person: the row stays as a tombstone and the detector never re-creates a stream with
 * the same account, merchant, direction and cadence), `confirmedAt` and `name`.
 */
export const recurringStreams = pgTable(
  "recurring_streams",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** normalizeMerchant's key (merchantKeyOf: merchant, else description). */
    merchantKey: text().notNull(),
    direction: text({ enum: RECURRING_DIRECTIONS }).notNull(),
    cadence: text({ enum: RECURRING_CADENCES }).notNull(),
    currency: currencyCode().notNull(),
    /** The person's name for it; null shows the merchant key. */
    name: text(),
    occurrences: integer().notNull(),
    firstDate: date({ mode: "string" }).notNull(),
    lastDate: date({ mode: "string" }).notNull(),
    /** Signed like the transactions; the mean rounded half-even to the minor unit. */
    averageMinor: minorUnits().notNull(),
    lastAmountMinor: minorUnits().notNull(),
    /** The next scheduled date after the last charge, and the one after it (for paused/ended). */
    predictedNextDate: date({ mode: "string" }).notNull(),
    followingDate: date({ mode: "string" }).notNull(),
    priceChange: jsonb().$type<PriceChangeData>(),
    /** The member transactions, oldest first. */
    transactionIds: uuid().array().notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("recurring_streams_user_account_merchant_idx").on(t.userId, t.accountId, t.merchantKey)],
);
export type RecurringStream = typeof recurringStreams.$inferSelect;
export type NewRecurringStream = typeof recurringStreams.$inferInsert;
