import { NOTIFICATION_EVENT_TYPES } from "@fincoach/db";
import { z } from "zod";

/** Response shapes of `/v1/webhooks` for the OpenAPI document (the domain's views, described). */
const EventTypes = z.array(z.enum(NOTIFICATION_EVENT_TYPES));

export const WebhookResponse = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: EventTypes,
    status: z.enum(["active", "disabled"]),
    consecutiveFailures: z.number().int().meta({ description: "Deliveries failed for good in a row (5 disable it)" }),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Webhook" });

export const CreatedWebhookResponse = WebhookResponse.extend({
  secret: z.string().meta({
    description:
      "The signing secret, shown this once: store it now. Verify `FinCoach-Signature: t=<unix>,v1=<hex>` as " +
      'HMAC-SHA256(secret, t + "." + raw body).',
  }),
}).meta({ id: "CreatedWebhook" });

export const DeliveryResponse = z
  .object({
    id: z.uuid().meta({ description: "Sent as `FinCoach-Delivery-Id`, the same on every retry: drop repeats by it" }),
    eventId: z.string(),
    eventType: z.enum(NOTIFICATION_EVENT_TYPES),
    status: z.enum(["pending", "sending", "delivered", "failed"]),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    log: z.array(
      z.object({
        at: z.string(),
        durationMs: z.number().int(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        nextAttemptAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "WebhookDelivery" });

export const createExample = {
  url: "https://hooks.example.com/fincoach",
  eventTypes: ["transactions.created", "alert.raised", "sync.completed", "plan.changed"],
  description: "my home automation",
};

export const createdExample = {
  id: "0b9f6c1e-3f43-4f0c-9a55-5d7e8f1c2a10",
  url: "https://hooks.example.com/fincoach",
  description: "my home automation",
  eventTypes: ["transactions.created", "alert.raised", "sync.completed", "plan.changed"],
  status: "active",
  consecutiveFailures: 0,
  disabledReason: null,
  createdAt: "2026-12-02T05:00:00.000Z",
  secret: "whsec_4fQk0m1n8Zb3rYv2Xc7Tq9Lp5Hs6Jd0Ga1We8Ru3Ni",
};

export const deliveriesExample = {
  items: [
    {
      id: "5c1d2f0a-7e55-4a2b-8d1c-0f9e8d7c6b5a",
      eventId: "alert.raised:7d0c6a4e-1b2f-4c3d-9e8f-0a1b2c3d4e5f",
      eventType: "alert.raised",
      status: "delivered",
      attempts: 2,
      nextAttemptAt: null,
      deliveredAt: "2026-12-02T05:01:31.204Z",
      createdAt: "2026-12-02T05:01:00.000Z",
      log: [
        {
          at: "2026-12-02T05:01:00.120Z",
          durationMs: 87,
          statusCode: 503,
          error: "HTTP 503",
          nextAttemptAt: "2026-12-02T05:01:31.000Z",
        },
        { at: "2026-12-02T05:01:31.120Z", durationMs: 84, statusCode: 200, error: null, nextAttemptAt: null },
      ],
    },
  ],
};

/** `PATCH /v1/webhooks/{id}`: re-enabling a webhook disabled after failures, with one more event. */
export const reenableExample = {
  active: true,
  eventTypes: ["transactions.created", "alert.raised", "sync.completed", "plan.changed", "sync.failed"],
};

export const reenabledExample = {
  id: createdExample.id,
  url: createdExample.url,
  description: createdExample.description,
  eventTypes: reenableExample.eventTypes,
  status: "active",
  consecutiveFailures: 0,
  disabledReason: null,
  createdAt: createdExample.createdAt,
};
