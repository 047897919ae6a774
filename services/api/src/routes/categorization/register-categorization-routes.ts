import {
  CategorizationSettings,
  getCategorizationSettings,
  UpdateCategorizationSettings,
  updateCategorizationSettings,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["categorization"];

/** `GET/PATCH /v1/me/categorization`: the person's categorization settings (the confidence threshold). */
export const registerCategorizationRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/me/categorization",
      tags,
      security: bearer,
      responses: { 200: jsonContent(CategorizationSettings, "The person's settings"), ...errorResponses },
    }),
    async (c) => c.json(await getCategorizationSettings({ ctx: ctxOf(c) }), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/me/categorization",
      tags,
      security: bearer,
      description:
        "`confidenceThreshold` (0-1): the model's pick is applied at or above it; below it the transaction stays " +
        "uncategorized with the pick as a suggestion. Applies to transactions categorized from now on.",
      request: { body: jsonBody(UpdateCategorizationSettings) },
      responses: { 200: jsonContent(CategorizationSettings, "The updated settings"), ...errorResponses },
    }),
    async (c) => c.json(await updateCategorizationSettings({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  );
};
