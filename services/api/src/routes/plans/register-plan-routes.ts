import {
  CreatePlan,
  comparePlans,
  createPlan,
  deletePlan,
  getPlan,
  listPlans,
  PlanComparisonView,
  PlanSummary,
  PlanView,
  rerunPlan,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonContent, ProblemSchema } from "../../http/openapi-helpers.ts";
import { notifyPlanChanged } from "../notifications/notify-plan-changed.ts";

const tags = ["plans"];
const about = [
  "The budget is a fixed total per month: every debt's minimum first, the rest to the first debt in line",
  "(snowball: smallest balance; avalanche: highest APR; custom: `order`), and money freed by a debt paid off",
  "rolls to the next in the same month. Extras (snowflakes, negative allowed) go to the first debt in line in",
  "their month. Interest is charged on each month's opening balance and rounded once, half to even; payments",
  "pay interest first. A budget below the minimums, or a minimum below its interest, answers 400 naming the",
  "debt and the budget or payment that would work. Arithmetic: docs/debts-and-plans.md.",
].join(" ");

const planExample = {
  strategy: "avalanche",
  monthlyBudget: "800.00",
  startDate: "2025-01-01",
  extras: [{ date: "2025-03-15", amount: "500.00" }],
};
const planBody = { required: true, content: { "application/json": { schema: CreatePlan, example: planExample } } };
const conflict = {
  409: {
    description: "A debt the plan was made for has been deleted",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};

/** `/v1/plans`: debt payoff plans, exact in minor units, saved and re-run as balances change. */
export const registerPlanRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/plans",
      tags,
      security: bearer,
      description: `${about} The plan is saved with its result.`,
      request: { body: planBody },
      responses: { 201: jsonContent(PlanView, "The saved plan and its schedule"), ...errorResponses },
    }),
    async (c) => {
      const plan = await createPlan({ ctx: ctxOf(c), input: c.req.valid("json") });
      await notifyPlanChanged(c, plan.id, "created");
      return c.json(plan, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/plans/compare",
      tags,
      security: bearer,
      description: `${about} Nothing is saved: the plan's totals against minimum payments only and the other strategies.`,
      request: { body: planBody },
      responses: { 200: jsonContent(PlanComparisonView, "Interest and months saved"), ...errorResponses },
    }),
    async (c) => c.json(await comparePlans({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/plans",
      tags,
      security: bearer,
      description: "The person's saved plans, oldest first, without their schedules.",
      responses: { 200: jsonContent(ItemsOf(PlanSummary), "The person's plans"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listPlans({ ctx: ctxOf(c) }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/plans/{id}",
      tags,
      security: bearer,
      description: "The saved plan with the figures of its last run (`computedAt`); POST .../rerun recomputes them.",
      request: { params: IdParam },
      responses: { 200: jsonContent(PlanView, "The plan"), ...errorResponses },
    }),
    async (c) => c.json(await getPlan({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/plans/{id}/rerun",
      tags,
      security: bearer,
      description:
        "Recomputes the plan from its debts' balances now (linked accounts included) and saves the result. It starts " +
        "from the later of its start date and today; extras dated before that are left out.",
      request: { params: IdParam },
      responses: { 200: jsonContent(PlanView, "The re-run plan"), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const plan = await rerunPlan({ ctx: ctxOf(c), input: c.req.valid("param") });
      await notifyPlanChanged(c, plan.id, "rerun");
      return c.json(plan, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/plans/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted; its debts are untouched" }, ...errorResponses },
    }),
    async (c) => {
      await deletePlan({ ctx: ctxOf(c), input: c.req.valid("param") });
      await notifyPlanChanged(c, c.req.valid("param").id, "deleted");
      return c.body(null, 204);
    },
  );
};
