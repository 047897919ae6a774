import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns.ts";
import type { NotificationEventType } from "./notification-events.ts";
import { users } from "./users.ts";

export const WEBHOOK_STATUSES = ["active", "disabled"] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/**
 * A person's outbound webhook. The signing secret is sealed (AES-256-GCM, the connections'
 * secret box), not hashed: every delivery is signed with it, so it must be readable. It is
 * returned once, when the webhook is created.
 */
export const webhooks = pgTable(
  "webhooks",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    url: text().notNull(),
    description: text(),
    eventTypes: jsonb().$type<NotificationEventType[]>().notNull(),
    secretCiphertext: text().notNull(),
    secretNonce: text().notNull(),
    secretKeyId: text().notNull(),
    status: text({ enum: WEBHOOK_STATUSES }).notNull().default("active"),
    /** Deliveries that failed for good in a row; reaching the limit disables the webhook. */
    consecutiveFailures: integer().notNull().default(0),
    disabledReason: text(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhooks_user_idx").on(t.userId, t.createdAt)],
);
export type Webhook = typeof webhooks.$inferSelect;
