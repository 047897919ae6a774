import {
  AnalyticsQuery,
  BASELINE_PERIODS,
  CashFlowView,
  getCashFlow,
  getNetWorth,
  getSpending,
  getTopMerchants,
  MAX_PERIODS,
  MerchantsQuery,
  MerchantsView,
  NetWorthView,
  SpendingView,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["analytics"];
const common = [
  "Amounts are exact decimal strings per currency, never converted between currencies.",
  "Transfers between own accounts (either leg, or a transfer-kind category) and uncategorized money into a credit card (a card payment) are neither income nor spending.",
  "Split transactions count by their splits' categories. Transaction dates are the bank's calendar dates; `timeZone` decides what today is.",
  `Periods are calendar days, ISO weeks (Monday start) or calendar months, the first and last clipped to \`from\`..\`to\`; more than ${MAX_PERIODS} is a 400. See docs/analytics.md.`,
].join(" ");

const about = (description: string) => ({ tags, security: bearer, description: `${description} ${common}` });

/** `/v1/analytics/*`: read-only figures over the person's own transactions and accounts. */
export const registerAnalyticsRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/analytics/cash-flow",
      ...about("Income, spending and net (income - spending) per period and currency; refunds reduce spending."),
      request: { query: AnalyticsQuery },
      responses: { 200: jsonContent(CashFlowView, "One series per currency"), ...errorResponses },
    }),
    async (c) => c.json(await getCashFlow({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/analytics/spending",
      ...about(
        `Spending per period by category and by category group, each with this period (the one holding \`to\`) against the median of the ${BASELINE_PERIODS} full periods before it.`,
      ),
      request: { query: AnalyticsQuery },
      responses: { 200: jsonContent(SpendingView, "Spending by category and group"), ...errorResponses },
    }),
    async (c) => c.json(await getSpending({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/analytics/net-worth",
      ...about(
        "The sum of the account balances (opening balance + every transaction to the day) at each period's end, per currency; owed balances are negative.",
      ),
      request: { query: AnalyticsQuery },
      responses: { 200: jsonContent(NetWorthView, "One series per currency"), ...errorResponses },
    }),
    async (c) => c.json(await getNetWorth({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/analytics/merchants",
      ...about(
        "The top merchants by spending per currency (merchant, else description, case and spacing normalized), with row counts and per-period spending.",
      ),
      request: { query: MerchantsQuery },
      responses: { 200: jsonContent(MerchantsView, "Top merchants per currency"), ...errorResponses },
    }),
    async (c) => c.json(await getTopMerchants({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  );
};
