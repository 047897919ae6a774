import {
  AlertMuteView,
  AlertPage,
  AlertView,
  acknowledgeAlert,
  CreateAlertMute,
  getAlert,
  ListAlerts,
  listAlertMutes,
  listAlerts,
  muteAlerts,
  unmuteAlerts,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["alerts"];
const about = [
  "Alerts are raised as transactions arrive (created, imported, synced), once per cause, and announced as",
  "`alert.raised` on `GET /v1/events`: a budget projected to overrun or over, an unusual charge (modified z-score),",
  "a duplicate charge, a subscription price change, a large income or spend. docs/alerts.md states every rule's thresholds.",
].join(" ");

/** `/v1/alerts`: the person's alerts, acknowledging them, and muting a kind or a category. */
export const registerAlertRoutes = (app: OpenAPIHono<ApiContext>): void => {
  // Before `/v1/alerts/{id}`: Hono matches in registration order.
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/alerts/mutes",
      tags,
      security: bearer,
      responses: { 200: jsonContent(ItemsOf(AlertMuteView), "The person's mutes"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listAlertMutes({ ctx: ctxOf(c) }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/alerts/mutes",
      tags,
      security: bearer,
      description:
        "Mute one kind (`{kind}`) or one category (`{categoryId}`; a group mutes its children too). Muted causes are " +
        "not stored at all, so unmuting does not bring back what happened meanwhile. Muting again answers 200 with the existing mute.",
      request: { body: jsonBody(CreateAlertMute) },
      responses: {
        201: jsonContent(AlertMuteView, "The new mute"),
        200: jsonContent(AlertMuteView, "Already muted: the existing mute"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { mute, created } = await muteAlerts({ ctx: ctxOf(c), input: c.req.valid("json") });
      return created ? c.json(mute, 201) : c.json(mute, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/alerts/mutes/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Unmuted" }, ...errorResponses },
    }),
    async (c) => {
      await unmuteAlerts({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/alerts",
      tags,
      security: bearer,
      description: `${about} Newest first, keyset-paged: pass \`nextCursor\` as \`cursor\`.`,
      request: { query: ListAlerts },
      responses: { 200: jsonContent(AlertPage, "A page of the person's alerts"), ...errorResponses },
    }),
    async (c) => c.json(await listAlerts({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/alerts/{id}",
      tags,
      security: bearer,
      description: about,
      request: { params: IdParam },
      responses: { 200: jsonContent(AlertView, "The alert"), ...errorResponses },
    }),
    async (c) => c.json(await getAlert({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/alerts/{id}/acknowledge",
      tags,
      security: bearer,
      description: "Marks the alert seen. Acknowledging again keeps the first `acknowledgedAt`.",
      request: { params: IdParam },
      responses: { 200: jsonContent(AlertView, "The acknowledged alert"), ...errorResponses },
    }),
    async (c) => c.json(await acknowledgeAlert({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
};
