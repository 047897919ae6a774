import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";
import { users } from "./users.ts";

/** What a nudge is about (docs/nudges.md states each one's facts and when it is made). */
export const NUDGE_KINDS = [
  "budget_slip",
  "goal_progress",
  "debt_progress",
  "debt_freed",
  "subscription_unused",
] as const;
export type NudgeKind = (typeof NUDGE_KINDS)[number];

/** Who wrote the text: the message catalog, or the LLM after its answer passed validation. */
export const NUDGE_SOURCES = ["template", "llm"] as const;
export type NudgeSource = (typeof NUDGE_SOURCES)[number];

/** A nudge's figures: amounts as exact decimal strings (jsonb has no bigint). */
export type NudgeFactsData = Record<string, string | number | boolean | null>;

/**
 * A coaching message made from the person's own figures. `causeKey` (kind + subject + period)
 * is unique per person, so generating again does not repeat a nudge for the same cause.
 */
export const nudges = pgTable(
  "nudges",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: NUDGE_KINDS }).notNull(),
    causeKey: text().notNull(),
    facts: jsonb().$type<NudgeFactsData>().notNull(),
    text: text().notNull(),
    source: text({ enum: NUDGE_SOURCES }).notNull(),
    /** Why the LLM's answer was not used (null when the LLM wrote it or none was asked). */
    fallbackReason: text(),
    locale: text().notNull(),
    /** Set when the person dismissed it (dismissed = not null; the first dismissal is kept). */
    dismissedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("nudges_user_cause_idx").on(t.userId, t.causeKey),
    index("nudges_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
  ],
);
export type Nudge = typeof nudges.$inferSelect;
