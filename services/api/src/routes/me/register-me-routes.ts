import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { DeleteMeBody, MeView } from "../../auth/auth-schemas.ts";
import { clientIp } from "../../auth/client-ip.ts";
import { deleteMe } from "../../auth/delete-me.ts";
import { getMe } from "../../auth/get-me.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, jsonBody, jsonContent, ProblemSchema } from "../../http/openapi-helpers.ts";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/**
 * `GET /v1/me`: who the bearer token (access token or personal access token) belongs to.
 * `DELETE /v1/me`: the person deletes their account and all their data.
 */
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
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/me",
      tags: ["auth"],
      security: bearer,
      description:
        "Deletes the account and, with it, all of the person's data and tokens. Needs the password; " +
        "tries count against the login rate limits.",
      request: { body: jsonBody(DeleteMeBody) },
      responses: {
        204: { description: "Deleted; every token of the person stops working" },
        400: errorResponses[400],
        401: errorResponses[401],
        403: problem("The password is not correct; nothing was deleted"),
        429: {
          ...problem("Too many password tries, or password checking is busy"),
          headers: {
            "Retry-After": { description: "Seconds until a try can succeed", schema: { type: "integer" as const } },
          },
        },
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      await deleteMe(deps, c.get("userId"), c.req.valid("json"), clientIp(c, deps.config.http.trustProxy));
      return c.body(null, 204);
    },
  );
};
