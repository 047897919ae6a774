import {
  CreateGoal,
  createGoal,
  deleteGoal,
  GoalView,
  getGoal,
  IsoDate,
  listGoals,
  UpdateGoal,
  updateGoal,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";
import { registerGoalContributionRoutes } from "./register-goal-contribution-routes.ts";

const tags = ["goals"];
const AsOfQuery = z.object({
  asOf: IsoDate.optional().meta({ description: "Compute progress as of this date (default: today, UTC)" }),
});
const about = [
  "`progress.saved` is the linked account's balance (opening balance plus transactions dated up to `asOf`),",
  "or the sum of contributions dated up to `asOf`. `requiredMonthlySaving` spreads `remaining` over the whole",
  "months from `asOf` to `targetDate` (at least one), rounded up to the minor unit.",
].join(" ");

/** `/v1/goals`: savings targets with progress from a linked account or manual contributions. */
export const registerGoalRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/goals",
      tags,
      security: bearer,
      description: `${about} A linked account must be in the goal's currency.`,
      request: { body: jsonBody(CreateGoal) },
      responses: { 201: jsonContent(GoalView, "The new goal"), ...errorResponses },
    }),
    async (c) => c.json(await createGoal({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/goals",
      tags,
      security: bearer,
      description: about,
      request: { query: AsOfQuery },
      responses: { 200: jsonContent(ItemsOf(GoalView), "The person's goals"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listGoals({ ctx: ctxOf(c), input: c.req.valid("query") }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/goals/{id}",
      tags,
      security: bearer,
      description: about,
      request: { params: IdParam, query: AsOfQuery },
      responses: { 200: jsonContent(GoalView, "The goal"), ...errorResponses },
    }),
    async (c) =>
      c.json(await getGoal({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("query") } }), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/goals/{id}",
      tags,
      security: bearer,
      request: { params: IdParam, query: AsOfQuery, body: jsonBody(UpdateGoal) },
      responses: { 200: jsonContent(GoalView, "The updated goal"), ...errorResponses },
    }),
    async (c) => {
      const input = { id: c.req.valid("param").id, patch: c.req.valid("json"), asOf: c.req.valid("query").asOf };
      return c.json(await updateGoal({ ctx: ctxOf(c), input }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/goals/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted with its contributions" }, ...errorResponses },
    }),
    async (c) => {
      await deleteGoal({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
  registerGoalContributionRoutes(app);
};
