import { DeleteMeBody, deleteMe, getMe, MeView } from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { clientIp } from "../../auth/client-ip.ts";
import { liveUsersOf } from "../../auth/live-users-of.ts";
import { enforceLoginLimits } from "../../auth/login-limits.ts";
import { passwordHashingOf } from "../../auth/password-hashing.ts";
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
      const ctx = ctxOf(c);
      await deleteMe({
        ctx,
        hashing: passwordHashingOf(deps.config.auth.passwordHashing),
        input: c.req.valid("json"),
        // Each try counts against the login limits: a stolen token must not become a password oracle.
        beforeCheck: (email) => enforceLoginLimits(deps, { email, clientIp: clientIp(c, deps.config.http.trustProxy) }),
      });
      // This process forgets the person at once; other processes within AUTH_USER_RECHECK_SECONDS.
      liveUsersOf(deps).forget(ctx.userId);
      return c.body(null, 204);
    },
  );
};
