import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { MeView } from "../../auth/auth-schemas.ts";
import { getMe } from "../../auth/get-me.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, jsonContent } from "../../http/openapi-helpers.ts";

/** `GET /v1/me`: who the bearer token (access token or personal access token) belongs to. */
export const registerMeRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/me",
      tags: ["auth"],
      security: bearer,
      responses: { 200: jsonContent(MeView, "The authenticated person"), 401: errorResponses[401] },
    }),
    async (c) => c.json(await getMe({ ctx: ctxOf(c) }), 200),
  );
};
