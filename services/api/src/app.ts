import { etagJson, newApp, personalCacheControl, registerHealth, registerOpenApi } from "@fincoach/http";
import type { Logger } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext, ApiDeps } from "./api-context.ts";
import { type AccessTokenVerifier, createAccessTokenVerifier } from "./auth/access-token-verifier.ts";
import { requireUser } from "./auth/require-user.ts";
import { apiReadinessChecks } from "./readiness-checks.ts";
import { registerRoutes } from "./routes/index.ts";

export type CreateAppOptions = {
  deps: ApiDeps;
  logger: Logger;
  metrics: Metrics;
  /** Injected by tests that control its clock; one of its own otherwise. */
  accessTokens?: AccessTokenVerifier;
};

/** Public paths under /v1: everything else needs a bearer token. */
const isPublic = (path: string) => path.startsWith("/v1/auth/");

/** Builds the API. Pure wiring: no I/O happens until a request arrives. */
export const createApp = ({
  deps,
  logger,
  metrics,
  accessTokens = createAccessTokenVerifier(deps.config.auth.jwtSecret),
}: CreateAppOptions): OpenAPIHono<ApiContext> => {
  const app = newApp<ApiContext>({ service: "api", logger, metrics, jsonBodyMaxBytes: deps.config.jsonBody.maxBytes });
  app.use((c, next) => {
    c.set("deps", deps);
    return next();
  });
  // Everything under /v1 carries tokens or personal data: never stored by a shared cache,
  // errors and 401s included; JSON reads get an ETag and may be revalidated (docs/api.md).
  app.use("/v1/*", personalCacheControl(), etagJson());
  const auth = requireUser(accessTokens);
  app.use("/v1/*", (c, next) => (isPublic(c.req.path) ? next() : auth(c, next)));
  registerHealth(app, { checks: apiReadinessChecks(deps) });
  registerRoutes(app);
  registerOpenApi(app, {
    title: "FinCoach",
    version: "1.0.0",
    description: "Personal-finance coaching API. Amounts are decimal strings in the currency's minor-unit precision.",
  });
  return app;
};
