import { sql } from "drizzle-orm";
import { check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { budgets } from "./budgets.ts";
import { categories } from "./categories.ts";
import { createdAt, id } from "./columns.ts";
import { users } from "./users.ts";

/** What an alert is about (docs/alerts.md explains each rule and its thresholds). */
export const ALERT_KINDS = [
  "budget_projected_overrun",
  "budget_over",
  "unusual_charge",
  "duplicate_charge",
  "subscription_price_change",
  "large_transaction",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** An alert's figures: amounts as decimal strings, never floats (jsonb has no bigint). */
export type AlertDetailsData = Record<string, string | number | boolean | null | string[]>;

/**
 * A raised alert. `causeKey` (kind + subject + period or transaction) is unique per person,
 * so a cause raises one alert however often it is evaluated (re-imports, retried jobs).
 */
export const alerts = pgTable(
  "alerts",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: ALERT_KINDS }).notNull(),
    causeKey: text().notNull(),
    // No foreign key to transactions: their primary key check would be paid per imported row
    // elsewhere, and an alert outlives a deleted transaction as a record of what was seen.
    transactionId: uuid(),
    budgetId: uuid().references(() => budgets.id, { onDelete: "set null" }),
    categoryId: uuid().references(() => categories.id, { onDelete: "set null" }),
    /** The budget period the alert is about (budget alerts). */
    periodStart: date({ mode: "string" }),
    details: jsonb().$type<AlertDetailsData>().notNull(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("alerts_user_cause_idx").on(t.userId, t.causeKey),
    // The list walks (createdAt desc, id desc) within one person.
    index("alerts_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
  ],
);
export type Alert = typeof alerts.$inferSelect;
export type NewAlert = typeof alerts.$inferInsert;

/** A person's mute: alerts of one kind, or about one category, are not raised. Exactly one is set. */
export const alertMutes = pgTable(
  "alert_mutes",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: ALERT_KINDS }),
    categoryId: uuid().references(() => categories.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("alert_mutes_one_subject", sql`(${t.kind} is null) <> (${t.categoryId} is null)`),
    uniqueIndex("alert_mutes_user_kind_idx").on(t.userId, t.kind).where(sql`${t.kind} is not null`),
    uniqueIndex("alert_mutes_user_category_idx").on(t.userId, t.categoryId).where(sql`${t.categoryId} is not null`),
  ],
);
export type AlertMute = typeof alertMutes.$inferSelect;
