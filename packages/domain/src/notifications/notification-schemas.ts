import { NOTIFICATION_EVENT_TYPES } from "@fincoach/db";
import { z } from "zod";

export const NotificationEventType = z.enum(NOTIFICATION_EVENT_TYPES);

/** `POST /v1/webhooks`: where to, and which events (at least one, each once). */
export const CreateWebhook = z
  .object({
    url: z.string().min(1).max(2048),
    eventTypes: z
      .array(NotificationEventType)
      .min(1)
      .refine((a) => new Set(a).size === a.length, "each event type once"),
    description: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: "CreateWebhook" });
export type CreateWebhook = z.input<typeof CreateWebhook>;

/**
 * `PATCH /v1/webhooks/{id}`: the fields given replace the webhook's (at least one).
 * `active: true` re-enables a webhook disabled after failed deliveries; `false` pauses it.
 */
export const UpdateWebhook = z
  .object({
    url: CreateWebhook.shape.url.optional(),
    eventTypes: CreateWebhook.shape.eventTypes.optional(),
    description: z.string().max(200).nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, "give at least one of url, eventTypes, description, active")
  .meta({ id: "UpdateWebhook" });
export type UpdateWebhook = z.input<typeof UpdateWebhook>;

/** `PUT /v1/notifications/settings`: the e-mail channel on or off, and which events it sends. */
export const NotificationSettingsInput = z
  .object({
    email: z
      .object({
        enabled: z.boolean(),
        eventTypes: z.array(NotificationEventType).refine((a) => new Set(a).size === a.length, "each event type once"),
      })
      .strict(),
  })
  .strict()
  .meta({ id: "NotificationSettingsInput" });
export type NotificationSettingsInput = z.input<typeof NotificationSettingsInput>;
