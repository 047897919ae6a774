import { BudgetPace, BudgetPaceQuery, getBudgetPace } from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, jsonContent } from "../../http/openapi-helpers.ts";

const description = [
  "Spending in the period containing today (in `timeZone`) against two paces: linear (the period's limit × elapsed days / days,",
  "today counted) and learned (the limit × the mean share of the period's spending the person had spent by the same day in",
  "each of the last 6 periods with spending in the category; `learned` is null with fewer than 2).",
  "`basis` says which one the top-level `expected`, `daysAhead`, `projected` and `status` use: learned when available.",
  "`daysAhead` = elapsedDays × (expected − spent) / expected: positive when under pace. `projected` = spent / share.",
  "Amounts are exact decimal strings in the budget's currency (docs/alerts.md, Pacing).",
].join(" ");

/** `GET /v1/budgets/{id}/pace`. */
export const registerBudgetPaceRoute = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/budgets/{id}/pace",
      tags: ["budgets"],
      security: bearer,
      description,
      request: { params: IdParam, query: BudgetPaceQuery },
      responses: { 200: jsonContent(BudgetPace, "The budget's pace"), ...errorResponses },
    }),
    async (c) =>
      c.json(await getBudgetPace({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("query") } }), 200),
  );
};
