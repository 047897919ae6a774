import type { NotificationEventType, Webhook, WebhookDelivery } from "@fincoach/db";

/** A webhook as the API shows it: never its secret (that is returned once, on create). */
export type WebhookView = {
  id: string;
  url: string;
  description: string | null;
  eventTypes: NotificationEventType[];
  status: "active" | "disabled";
  consecutiveFailures: number;
  disabledReason: string | null;
  createdAt: string;
};

export const toWebhookView = (w: Webhook): WebhookView => ({
  id: w.id,
  url: w.url,
  description: w.description,
  eventTypes: w.eventTypes,
  status: w.status,
  consecutiveFailures: w.consecutiveFailures,
  disabledReason: w.disabledReason,
  createdAt: w.createdAt.toISOString(),
});

/** One delivery and its attempts (the delivery log). */
export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: NotificationEventType;
  status: "pending" | "sending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  log: WebhookDelivery["attemptLog"];
};

export const toDeliveryView = (d: WebhookDelivery): DeliveryView => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === "pending" || d.status === "sending" ? d.nextAttemptAt.toISOString() : null,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
  log: d.attemptLog,
});
