import { newApp, registerOpenApi } from "@fincoach/http";
import type { Logger } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MlContext, MlDeps } from "./ml-context.ts";
import { registerCategorizeRoute } from "./routes/register-categorize-route.ts";
import { registerFeedbackRoute } from "./routes/register-feedback-route.ts";
import { registerHealthRoutes } from "./routes/register-health-routes.ts";
import { registerModelsRoute } from "./routes/register-models-route.ts";
import { registerScoreRoute } from "./routes/register-score-route.ts";
import { registerStatsRoute } from "./routes/register-stats-route.ts";

export type CreateAppOptions = { deps: MlDeps; logger: Logger; metrics: Metrics };

/**
 * The ML service's HTTP app. Unauthenticated by design: it is reached only inside the
 * cluster (by the API, the workers and the operator), like a database, and the person a
 * call is for is in its body.
 */
export const createApp = ({ deps, logger, metrics }: CreateAppOptions): OpenAPIHono<MlContext> => {
  const app = newApp<MlContext>({
    service: "ml",
    logger,
    metrics,
    jsonBodyMaxBytes: deps.ml.config.http.jsonBodyMaxBytes,
  });
  app.use((c, next) => {
    c.set("deps", deps);
    return next();
  });
  registerHealthRoutes(app);
  const registry = deps.metricsRegistry;
  if (registry)
    app.get("/metrics", async (c) => c.body(await registry.metrics(), 200, { "content-type": registry.contentType }));
  registerCategorizeRoute(app);
  registerScoreRoute(app);
  registerFeedbackRoute(app);
  registerModelsRoute(app);
  registerStatsRoute(app);
  registerOpenApi(app, {
    title: "FinCoach ML",
    version: "1.0.0",
    description: "Categorization model serving: categorize, score, feedback, the model list and per-version stats.",
  });
  return app;
};
