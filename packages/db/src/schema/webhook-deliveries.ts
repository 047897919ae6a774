import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns.ts";
import type { NotificationEventType } from "./notification-events.ts";
import { users } from "./users.ts";
import { webhooks } from "./webhooks.ts";

export const DELIVERY_CHANNELS = ["webhook", "email"] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** pending: waiting for an attempt; sending: an attempt holds the lease; then delivered or failed for good. */
export const DELIVERY_STATUSES = ["pending", "sending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt, as the delivery log shows it. */
export type DeliveryAttemptData = {
  at: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** When the next attempt is due; null after the last one. */
  nextAttemptAt: string | null;
};

/**
 * The notification outbox and its log: one row per event and channel (a webhook, or the
 * person's e-mail). The row is written before anything is queued, so PostgreSQL, not Redis,
 * knows what is still owed: a sweeper re-queues pending rows a lost job left behind.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channel: text({ enum: DELIVERY_CHANNELS }).notNull(),
    webhookId: uuid().references(() => webhooks.id, { onDelete: "cascade" }),
    /** The webhook's id, or `email`: with eventId, one delivery per event and target however often it is fanned out. */
    target: text().notNull(),
    /** Stable id of the event (its cause), sent to receivers so they can drop a repeat. */
    eventId: text().notNull(),
    eventType: text().$type<NotificationEventType>().notNull(),
    /** The exact body sent (webhooks sign these bytes) or the e-mail's data. */
    body: text().notNull(),
    status: text({ enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** While `sending`: until when the attempt holds the row; a dead worker's lease runs out. */
    leaseUntil: timestamp({ withTimezone: true }),
    attemptLog: jsonb().$type<DeliveryAttemptData[]>().notNull().default([]),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_idx").on(t.userId, t.target, t.eventId),
    index("webhook_deliveries_webhook_idx").on(t.webhookId, t.createdAt.desc()),
    // The sweeper's scan: unfinished rows by due time.
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
