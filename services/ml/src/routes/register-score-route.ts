import { ScoreRequest, ScoreResponse } from "@fincoach/contracts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { MlContext } from "../ml-context.ts";
import { errorResponses, jsonBody, jsonContent } from "./openapi-parts.ts";
import { trimScores } from "./trim-score-answer.ts";

/**
 * `POST /v1/score`: the model stage alone, for callers that run rules and memory next to
 * the rows they write (the API's and workers' HTTP `ScoreModel`).
 */
export const registerScoreRoute = (app: OpenAPIHono<MlContext>): void => {
  const route = createRoute({
    method: "post",
    path: "/v1/score",
    tags: ["categorize"],
    request: { body: jsonBody(ScoreRequest) },
    responses: { 200: jsonContent(ScoreResponse, "One score per item, same order"), ...errorResponses },
  });
  app.openapi(route, async (c) => {
    const { userId, items, explain } = c.req.valid("json");
    const scores = await c.get("deps").ml.scoreModel(userId, items, { explain: explain ?? true });
    return c.json({ scores: trimScores(scores) }, 200);
  });
};
