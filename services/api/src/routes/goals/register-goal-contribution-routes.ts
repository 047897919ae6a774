import {
  AddGoalContribution,
  addGoalContribution,
  GoalContributionView,
  listGoalContributions,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import {
  bearer,
  errorResponses,
  IdParam,
  ItemsOf,
  jsonBody,
  jsonContent,
  ProblemSchema,
} from "../../http/openapi-helpers.ts";

const tags = ["goals"];

/** `/v1/goals/{id}/contributions`: money put aside by hand, for goals without a linked account. */
export const registerGoalContributionRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/goals/{id}/contributions",
      tags,
      security: bearer,
      request: { params: IdParam, body: jsonBody(AddGoalContribution) },
      responses: {
        201: jsonContent(GoalContributionView, "The recorded contribution"),
        ...errorResponses,
        409: {
          description: "The goal follows a linked account; its progress comes from there",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    async (c) =>
      c.json(
        await addGoalContribution({
          ctx: ctxOf(c),
          input: { goalId: c.req.valid("param").id, contribution: c.req.valid("json") },
        }),
        201,
      ),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/goals/{id}/contributions",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 200: jsonContent(ItemsOf(GoalContributionView), "Oldest first"), ...errorResponses },
    }),
    async (c) =>
      c.json(
        { items: await listGoalContributions({ ctx: ctxOf(c), input: { goalId: c.req.valid("param").id } }) },
        200,
      ),
  );
};
