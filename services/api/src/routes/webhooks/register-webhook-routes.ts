import {
  CreateWebhook,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  UpdateWebhook,
  updateWebhook,
} from "@fincoach/domain/notifications";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonContent, ProblemSchema } from "../../http/openapi-helpers.ts";
import { secretCtxOf } from "../connections/secret-ctx.ts";
import {
  CreatedWebhookResponse,
  createdExample,
  createExample,
  DeliveryResponse,
  deliveriesExample,
  reenabledExample,
  reenableExample,
  WebhookResponse,
} from "./webhook-openapi.ts";

const tags = ["webhooks"];
const about =
  "Outbound webhooks: FinCoach POSTs a signed JSON event to the URL when one of `eventTypes` happens " +
  "(docs/notifications.md). URLs must resolve to public addresses (no loopback, private, link-local or " +
  "metadata addresses) unless the server allows them; redirects are not followed.";

/** `/v1/webhooks`: a person's outbound webhooks and their delivery logs. */
export const registerWebhookRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/webhooks",
      tags,
      security: bearer,
      description: `${about} The answer holds the signing \`secret\`, the only time it is shown.`,
      request: {
        body: { required: true, content: { "application/json": { schema: CreateWebhook, example: createExample } } },
      },
      responses: {
        201: {
          description: "The new webhook, with its secret (shown once)",
          content: { "application/json": { schema: CreatedWebhookResponse, example: createdExample } },
        },
        412: {
          description: "The server has no CONNECTION_KEYS to seal the secret with",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        await createWebhook({
          ctx: secretCtxOf(c),
          input: c.req.valid("json"),
          policy: c.get("deps").config.webhooks.policy,
        }),
        201,
      ),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/webhooks",
      tags,
      security: bearer,
      description: `${about} Oldest first; never the secret.`,
      responses: { 200: jsonContent(ItemsOf(WebhookResponse), "The person's webhooks"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listWebhooks({ ctx: ctxOf(c) }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/webhooks/{id}",
      tags,
      security: bearer,
      description: "One webhook: its state (`disabled` after 5 deliveries in a row failed for good), never the secret.",
      request: { params: IdParam },
      responses: { 200: jsonContent(WebhookResponse, "The webhook"), ...errorResponses },
    }),
    async (c) => c.json(await getWebhook({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/webhooks/{id}",
      tags,
      security: bearer,
      description:
        "Changes the fields given (at least one). `active: true` re-enables a webhook disabled after failed " +
        "deliveries, its failure count starting afresh (deliveries skipped while disabled are not re-sent); " +
        "`active: false` pauses it. A new `url`, and the URL of a webhook being re-enabled, is checked as on " +
        "create (400 naming `url` when refused). The secret does not change.",
      request: {
        params: IdParam,
        body: { required: true, content: { "application/json": { schema: UpdateWebhook, example: reenableExample } } },
      },
      responses: {
        200: {
          description: "The updated webhook",
          content: { "application/json": { schema: WebhookResponse, example: reenabledExample } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const input = { id: c.req.valid("param").id, patch: c.req.valid("json") };
      return c.json(await updateWebhook({ ctx: ctxOf(c), input, policy: c.get("deps").config.webhooks.policy }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/webhooks/{id}",
      tags,
      security: bearer,
      description: "Deletes the webhook, its secret and its delivery log; deliveries not yet sent are dropped.",
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await deleteWebhook({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/webhooks/{id}/deliveries",
      tags,
      security: bearer,
      description:
        "The delivery log, newest first: each delivery's status and every attempt (status code, duration, " +
        "error, when the next attempt is due). Retries back off from 30 s, doubling with jitter, to 2 h; " +
        "10 attempts in all.",
      request: {
        params: IdParam,
        query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }),
      },
      responses: {
        200: {
          description: "The latest deliveries",
          content: { "application/json": { schema: ItemsOf(DeliveryResponse), example: deliveriesExample } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { limit } = c.req.valid("query");
      const items = await listWebhookDeliveries({ ctx: ctxOf(c), input: { id, ...(limit ? { limit } : {}) } });
      return c.json({ items }, 200);
    },
  );
};
