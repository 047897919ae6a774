import { CategorizeRequest, CategorizeResponse } from "@fincoach/contracts";
import { categorizeBatch } from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { MlContext } from "../ml-context.ts";
import { errorResponses, jsonBody, jsonContent } from "./openapi-parts.ts";

/**
 * `POST /v1/categorize`: the whole pipeline (the person's rules, their remembered
 * corrections, then the model this process serves them) for up to 1,000 rows; writes nothing.
 */
export const registerCategorizeRoute = (app: OpenAPIHono<MlContext>): void => {
  const route = createRoute({
    method: "post",
    path: "/v1/categorize",
    tags: ["categorize"],
    request: { body: jsonBody(CategorizeRequest) },
    responses: { 200: jsonContent(CategorizeResponse, "One result per transaction, same order"), ...errorResponses },
  });
  app.openapi(route, async (c) => {
    const { userId, transactions, sources } = c.req.valid("json");
    const { ml } = c.get("deps");
    const logger = c.get("logger");
    const results = await categorizeBatch({
      ctx: { db: ml.database.db, userId },
      items: transactions,
      sources,
      scoreModel: ml.scoreModel,
      warn: (message, detail) => logger.warn(detail, message),
    });
    return c.json({ results }, 200);
  });
};
