import {
  AuthSession,
  LoginBody,
  loginUser,
  RefreshBody,
  RegisterBody,
  registerUser,
  revokeRefreshFamily,
  rotateRefreshToken,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { clientIp } from "../../auth/client-ip.ts";
import { enforceLoginLimits } from "../../auth/login-limits.ts";
import { passwordHashingOf } from "../../auth/password-hashing.ts";
import { enforceRegisterLimits } from "../../auth/register-limits.ts";
import { jsonBody, jsonContent, ProblemSchema } from "../../http/openapi-helpers.ts";

const tags = ["auth"];

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});
const invalid = { 400: problem("Invalid input; `errors` names each bad field") };
const limited = (description: string) => ({
  429: {
    ...problem(description),
    headers: {
      "Retry-After": { description: "Seconds until an attempt can succeed", schema: { type: "integer" as const } },
    },
  },
});

/**
 * `/v1/auth/*`: public (no bearer token). Register and login answer a session; refresh
 * rotates the refresh token; logout revokes its family. Bodies are never logged.
 */
export const registerAuthRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/register",
      tags,
      request: { body: jsonBody(RegisterBody) },
      responses: {
        201: jsonContent(AuthSession, "The new account, signed in"),
        ...invalid,
        409: problem("An account with this email exists"),
        ...limited("Too many sign-ups from this address or overall, or password hashing is busy"),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const input = c.req.valid("json");
      // Limits before the use case: a flood costs no hashing.
      await enforceRegisterLimits(deps, clientIp(c, deps.config.http.trustProxy));
      const { auth } = deps.config;
      const hashing = passwordHashingOf(auth.passwordHashing);
      return c.json(await registerUser({ db: deps.database.db, auth, hashing, input }), 201);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/login",
      tags,
      request: { body: jsonBody(LoginBody) },
      responses: {
        200: jsonContent(AuthSession, "Signed in"),
        ...invalid,
        401: problem("Wrong email or password (the same answer for both)"),
        ...limited("Too many attempts for this account or from this address, or password hashing is busy"),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const input = c.req.valid("json");
      await enforceLoginLimits(deps, { email: input.email, clientIp: clientIp(c, deps.config.http.trustProxy) });
      const { auth } = deps.config;
      const hashing = passwordHashingOf(auth.passwordHashing);
      return c.json(await loginUser({ db: deps.database.db, auth, hashing, input }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/refresh",
      tags,
      request: { body: jsonBody(RefreshBody) },
      responses: {
        200: jsonContent(AuthSession, "A new token pair; the presented refresh token is now revoked"),
        ...invalid,
        401: problem("Unknown, expired or revoked refresh token (reuse also revokes its whole family)"),
      },
    }),
    async (c) => {
      const { database, config } = c.get("deps");
      return c.json(await rotateRefreshToken(database.db, config.auth, c.req.valid("json").refreshToken), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/logout",
      tags,
      request: { body: jsonBody(RefreshBody) },
      responses: { 204: { description: "The token's family is revoked (also when it was unknown)" }, ...invalid },
    }),
    async (c) => {
      await revokeRefreshFamily(c.get("deps").database.db, c.req.valid("json").refreshToken);
      return c.body(null, 204);
    },
  );
};
