import { randomUUID } from "node:crypto";
import {
  type DbOrTx,
  type NotificationEventType,
  notificationSettings,
  webhookDeliveries,
  webhooks,
} from "@fincoach/db";
import { and, eq, sql } from "drizzle-orm";

/** Something a person may be notified of. */
export type NotificationEvent = {
  type: NotificationEventType;
  /**
   * A stable id of the cause (`sync.completed:<syncJobId>`, `alert.raised:<alertId>`): a
   * fan-out repeated for the same cause (a retried job, a re-run after a crash) writes no
   * second delivery. Without one, each call is a new event.
   */
  eventId?: string;
  /** Ids and counts only, as the live events (docs/events.md): no amounts, no descriptions. */
  data: Record<string, unknown>;
  occurredAt?: Date;
};

/** A delivery row just written, for the caller to queue (the sweeper queues it otherwise). */
export type NewDelivery = { id: string; userId: string };

/**
 * Writes one delivery row per channel the event matches: each active webhook subscribed to
 * its type, and the person's e-mail when on for it. This is the outbox: a row is owed until
 * it is delivered or fails for good, whatever happens to the queue. Pass the transaction of
 * the change the event announces to make both commit together; otherwise call it right after
 * that commit (and the stable `eventId` makes a repeated call harmless). Returns only the
 * rows this call created.
 */
export const fanOutNotification = async (
  db: DbOrTx,
  userId: string,
  event: NotificationEvent,
): Promise<NewDelivery[]> => {
  const eventId = event.eventId ?? randomUUID();
  const occurredAt = (event.occurredAt ?? new Date()).toISOString();
  // The body is fixed here, once: every retry sends (and signs) the same bytes.
  const body = JSON.stringify({ id: eventId, type: event.type, createdAt: occurredAt, data: event.data });
  const hooks = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.userId, userId),
        eq(webhooks.status, "active"),
        sql`${webhooks.eventTypes} @> ${JSON.stringify([event.type])}::jsonb`,
      ),
    );
  const [settings] = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  const rows: (typeof webhookDeliveries.$inferInsert)[] = hooks.map((h) => ({
    userId,
    channel: "webhook",
    webhookId: h.id,
    target: h.id,
    eventId,
    eventType: event.type,
    body,
  }));
  if (settings?.emailEnabled && settings.emailEventTypes.includes(event.type))
    rows.push({ userId, channel: "email", webhookId: null, target: "email", eventId, eventType: event.type, body });
  if (rows.length === 0) return [];
  return db
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({ target: [webhookDeliveries.userId, webhookDeliveries.target, webhookDeliveries.eventId] })
    .returning({ id: webhookDeliveries.id, userId: webhookDeliveries.userId });
};
