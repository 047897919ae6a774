import {
  BudgetView,
  CreateBudget,
  createBudget,
  deleteBudget,
  getBudget,
  IsoDate,
  listBudgets,
  UpdateBudget,
  updateBudget,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
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
import { registerBudgetPaceRoute } from "./register-budget-pace-route.ts";

const tags = ["budgets"];
const withConflict = {
  ...errorResponses,
  409: {
    description: "The category already has a budget for this period",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};
const AsOfQuery = z.object({
  asOf: IsoDate.optional().meta({ description: "Report the period containing this date (default: today, UTC)" }),
});
const about = [
  "`current.spent` is net money out in the budget's category (and its children, for a group) during the period,",
  "in the budget's currency only: transactions in other currencies are not converted but left out.",
  "Split rows count by their own category; transfer-kind categories never count; refunds reduce spending.",
  "With `rollover`, the previous period's amount - spent (one period back only) is added to this period's.",
].join(" ");

/** `/v1/budgets`: one budget per category and period, reported for the period containing `asOf`. */
export const registerBudgetRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/budgets",
      tags,
      security: bearer,
      description: `${about} \`currency\` defaults to the person's oldest account's; \`startDate\` to the first day of the current period.`,
      request: { body: jsonBody(CreateBudget) },
      responses: { 201: jsonContent(BudgetView, "The new budget"), ...withConflict },
    }),
    async (c) => c.json(await createBudget({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/budgets",
      tags,
      security: bearer,
      description: about,
      request: { query: AsOfQuery },
      responses: { 200: jsonContent(ItemsOf(BudgetView), "The person's budgets"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listBudgets({ ctx: ctxOf(c), input: c.req.valid("query") }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/budgets/{id}",
      tags,
      security: bearer,
      description: about,
      request: { params: IdParam, query: AsOfQuery },
      responses: { 200: jsonContent(BudgetView, "The budget"), ...errorResponses },
    }),
    async (c) =>
      c.json(await getBudget({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("query") } }), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/budgets/{id}",
      tags,
      security: bearer,
      request: { params: IdParam, query: AsOfQuery, body: jsonBody(UpdateBudget) },
      responses: { 200: jsonContent(BudgetView, "The updated budget"), ...withConflict },
    }),
    async (c) => {
      const input = { id: c.req.valid("param").id, patch: c.req.valid("json"), asOf: c.req.valid("query").asOf };
      return c.json(await updateBudget({ ctx: ctxOf(c), input }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/budgets/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await deleteBudget({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
  registerBudgetPaceRoute(app);
};
