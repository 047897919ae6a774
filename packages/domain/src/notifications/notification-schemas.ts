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
