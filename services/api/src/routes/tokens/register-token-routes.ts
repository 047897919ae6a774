import {
  CreatePersonalAccessToken,
  createPersonalAccessToken,
  deletePersonalAccessToken,
  listPersonalAccessTokens,
  NewPersonalAccessToken,
  PersonalAccessTokenView,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["tokens"];

/** `/v1/tokens`: personal access tokens for scripts (`Authorization: Bearer fcp_…`). */
export const registerTokenRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/tokens",
      tags,
      security: bearer,
      request: { body: jsonBody(CreatePersonalAccessToken) },
      responses: { 201: jsonContent(NewPersonalAccessToken, "The token, shown this once"), ...errorResponses },
    }),
    async (c) => c.json(await createPersonalAccessToken({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/tokens",
      tags,
      security: bearer,
      responses: { 200: jsonContent(ItemsOf(PersonalAccessTokenView), "The person's tokens"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listPersonalAccessTokens({ ctx: ctxOf(c) }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/tokens/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted; the token stops working at once" }, ...errorResponses },
    }),
    async (c) => {
      await deletePersonalAccessToken({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
};
