import { NOTIFICATION_EVENT_TYPES } from "@fincoach/db";
import {
  getNotificationSettings,
  NotificationSettingsInput,
  putNotificationSettings,
} from "@fincoach/domain/notifications";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses } from "../../http/openapi-helpers.ts";

const tags = ["notifications"];
const SettingsResponse = z
  .object({ email: z.object({ enabled: z.boolean(), eventTypes: z.array(z.enum(NOTIFICATION_EVENT_TYPES)) }) })
  .meta({ id: "NotificationSettings" });
const example = { email: { enabled: true, eventTypes: ["alert.raised", "sync.failed"] } };
const about =
  "The e-mail channel: when on, each event of `eventTypes` is e-mailed (plain text, ids and counts, no amounts) " +
  "to the account's e-mail address, with retries like webhooks. Off until set.";

/** `/v1/notifications/settings`: the person's notification channels other than webhooks. */
export const registerNotificationRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/notifications/settings",
      tags,
      security: bearer,
      description: about,
      responses: {
        200: { description: "The settings", content: { "application/json": { schema: SettingsResponse, example } } },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await getNotificationSettings({ ctx: ctxOf(c) }), 200),
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/notifications/settings",
      tags,
      security: bearer,
      description: `${about} PUT replaces the whole document.`,
      request: {
        body: { required: true, content: { "application/json": { schema: NotificationSettingsInput, example } } },
      },
      responses: {
        200: {
          description: "The new settings",
          content: { "application/json": { schema: SettingsResponse, example } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await putNotificationSettings({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  );
};
