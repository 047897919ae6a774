import { newApp, registerHealth, registerOpenApi } from "@fincoach/http";
import type { Logger } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext, ApiDeps } from "./api-context.ts";
import { createAccessTokenVerifier } from "./auth/access-token-verifier.ts";
import { requireUser } from "./auth/require-user.ts";
import { registerRoutes } from "./routes/index.ts";

/**
 * Postgres connections per API process. Fewer connections than concurrent requests is
 * deliberate: postgres.js then pipelines queries on each connection (one write and one
 * read for several queries) and Postgres runs fewer backends at once. On the 2-core bench
 * machine 6 served the list 18-20 % faster than 20 (and 4 no faster than 6), while POST,
 * whose commits each wait for a WAL flush, lost about 9 % (bench/README.md).
 */
export const DATABASE_POOL_SIZE = 10;

export type CreateAppOptions = { deps: ApiDeps; logger: Logger; metrics: Metrics };

/** Public paths under /v1: everything else needs a bearer token. */
const isPublic = (path: string) => path.startsWith("/v1/auth/");

/** Builds the API. Pure wiring: no I/O happens until a request arrives. */
export const createApp = ({ deps, logger, metrics }: CreateAppOptions): OpenAPIHono<ApiContext> => {
  const app = newApp<ApiContext>({ service: "api", logger, metrics });
  app.use((c, next) => {
    c.set("deps", deps);
    return next();
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
