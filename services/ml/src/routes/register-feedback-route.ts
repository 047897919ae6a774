import { FeedbackRequest } from "@fincoach/contracts";
import { recordFeedback } from "@fincoach/domain";
import { notFound } from "@fincoach/errors";
import { safeError } from "@fincoach/logging";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { MlContext } from "../ml-context.ts";
import { errorResponses, jsonBody, notFoundResponse } from "./openapi-parts.ts";

/**
 * `POST /v1/feedback`: a person kept or changed an automatic category. Recorded against the
 * deciding version (its stats count it), counted in the feedback metric, and a correction
 * may queue the person's retraining.
 */
export const registerFeedbackRoute = (app: OpenAPIHono<MlContext>): void => {
  const route = createRoute({
    method: "post",
    path: "/v1/feedback",
    tags: ["feedback"],
    request: { body: jsonBody(FeedbackRequest) },
    responses: { 202: { description: "Recorded" }, 404: notFoundResponse, ...errorResponses },
  });
  app.openapi(route, async (c) => {
    const { userId, ...input } = c.req.valid("json");
    const { ml, onCorrection } = c.get("deps");
    await recordFeedback({ ctx: { db: ml.database.db, userId }, input }).catch((e: unknown) => {
      // The row's only foreign key is the person: a caller naming nobody is a 404, not a 500.
      if ((e as { cause?: { code?: string } }).cause?.code === "23503") throw notFound(`person ${userId}`);
      throw e;
    });
    if (input.model && input.modelVersion)
      ml.metrics.feedback.inc({ model: input.model, version: input.modelVersion, outcome: input.outcome });
    if (input.outcome === "corrected" && onCorrection) {
      // The feedback is recorded either way; a queue hiccup only delays retraining (the poll catches up).
      await onCorrection(userId).catch((e) =>
        c.get("logger").warn({ err: safeError(e) }, "cannot queue retraining after a correction"),
      );
    }
    return c.body(null, 202);
  });
};
