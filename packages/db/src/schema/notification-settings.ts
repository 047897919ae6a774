import { boolean, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns.ts";
import type { NotificationEventType } from "./notification-events.ts";
import { users } from "./users.ts";

/** A person's e-mail channel: on or off, and which events it sends. No row: off. */
export const notificationSettings = pgTable("notification_settings", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  emailEnabled: boolean().notNull().default(false),
  emailEventTypes: jsonb().$type<NotificationEventType[]>().notNull().default([]),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: updatedAt(),
});
export type NotificationSettings = typeof notificationSettings.$inferSelect;
