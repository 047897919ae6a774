import { buildVersionStats, Duration, durationToMs, VersionStats } from "@fincoach/contracts";
import { countVersionFeedback, listModelVersions } from "@fincoach/domain";
import { invalidField, notFound } from "@fincoach/errors";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { MlContext } from "../ml-context.ts";
import { errorResponses, jsonContent, notFoundResponse } from "./openapi-parts.ts";

const Params = z.object({
  model: z
    .string()
    .min(1)
    .meta({ param: { name: "model", in: "path" } }),
  version: z
    .string()
    .min(1)
    .meta({ param: { name: "version", in: "path" } }),
});
const Query = z.object({ window: Duration.meta({ param: { name: "window", in: "query" } }) });

/**
 * `GET /v1/models/:model/versions/:version/stats?window=5m`: what the operator gates a
 * rollout on. Predictions, errors and the p99 are what this process served in the window;
 * feedback is every person's, from category_feedback.
 */
export const registerStatsRoute = (app: OpenAPIHono<MlContext>): void => {
  const route = createRoute({
    method: "get",
    path: "/v1/models/{model}/versions/{version}/stats",
    tags: ["models"],
    request: { params: Params, query: Query },
    responses: {
      200: jsonContent(VersionStats, "The version's figures over the trailing window"),
      404: notFoundResponse,
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const { model, version } = c.req.valid("param");
    const { window } = c.req.valid("query");
    const { ml } = c.get("deps");
    const windowMs = durationToMs(window);
    if (windowMs > ml.log.retentionMs)
      throw invalidField("window", `longer than the ${ml.log.retentionMs / 1000} s this process keeps`);
    const known =
      ml.registry.states().some((s) => s.ref.model === model && s.ref.version === version) ||
      (await listModelVersions({ ctx: { db: ml.database.db }, filter: { model } })).some((r) => r.version === version);
    if (!known) throw notFound(`model ${model} version ${version}`);
    const now = new Date();
    const counts = ml.log.counts({ model, version }, windowMs);
    const feedback = await countVersionFeedback({
      ctx: { db: ml.database.db },
      model,
      version,
      since: new Date(now.getTime() - windowMs),
    });
    const stats = buildVersionStats({
      model,
      version,
      window,
      ...counts,
      feedbackTotal: feedback.total,
      feedbackAccepted: feedback.accepted,
      now,
    });
    return c.json(stats, 200);
  });
};
