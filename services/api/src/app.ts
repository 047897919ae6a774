import { newApp, registerHealth, registerOpenApi } from "@fincoach/http";
import type { Logger } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext, ApiDeps } from "./api-context.ts";
import { createAccessTokenVerifier } from "./auth/access-token-verifier.ts";
import { requireUser } from "./auth/require-user.ts";
import { registerRoutes } from "./routes/index.ts";

export type CreateAppOptions = { deps: ApiDeps; logger: Logger; metrics: Metrics };

/** Public paths under /v1: everything else needs a bearer token. */
const isPublic = (path: string) => path.startsWith("/v1/auth/");

/** Builds the API. Pure wiring: no I/O happens until a request arrives. */
export const createApp = ({ deps, logger, metrics }: CreateAppOptions): OpenAPIHono<ApiContext> => {
  const app = newApp<ApiContext>({ service: "api", logger, metrics });
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  const auth = requireUser(createAccessTokenVerifier(deps.config.auth.jwtSecret));
  app.use("/v1/*", (c, next) => (isPublic(c.req.path) ? next() : auth(c, next)));
  registerHealth(app, {
    registry: metrics.registry,
    checks: [{ name: "postgres", check: async () => void (await deps.database.sql`select 1`) }],
  });
  registerRoutes(app);
  registerOpenApi(app, {
    title: "FinCoach",
    version: "1.0.0",
    description: "Personal-finance coaching API. Amounts are decimal strings in the currency's minor-unit precision.",
  });
  return app;
};
