import {
  CreateDebt,
  createDebt,
  DebtView,
  deleteDebt,
  getDebt,
  listDebts,
  UpdateDebt,
  updateDebt,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["debts"];
const about = [
  'Amounts and rates are decimal strings; `apr` is a yearly percentage ("22.90").',
  "A debt with `accountId` follows that account's balance: it owes the negated balance (0 when the account is in credit).",
].join(" ");

const createExample = {
  name: "Visa",
  balance: "3000.00",
  currency: "USD",
  apr: "22.90",
  interestMethod: "daily_365",
  minimumPayment: { kind: "interest_plus_percent", percent: "1", floor: "35.00" },
  aprSchedule: [{ apr: "0", from: "2025-01-01", to: "2025-06-30", kind: "promotional" }],
};

/** `/v1/debts`: what the person owes, with the rates and minimum rules the payoff planner needs. */
export const registerDebtRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/debts",
      tags,
      security: bearer,
      description: about,
      request: {
        body: { required: true, content: { "application/json": { schema: CreateDebt, example: createExample } } },
      },
      responses: { 201: jsonContent(DebtView, "The new debt"), ...errorResponses },
    }),
    async (c) => c.json(await createDebt({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/debts",
      tags,
      security: bearer,
      description: `${about} Oldest first.`,
      responses: { 200: jsonContent(ItemsOf(DebtView), "The person's debts"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listDebts({ ctx: ctxOf(c) }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/debts/{id}",
      tags,
      security: bearer,
      description: about,
      request: { params: IdParam },
      responses: { 200: jsonContent(DebtView, "The debt"), ...errorResponses },
    }),
    async (c) => c.json(await getDebt({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/debts/{id}",
      tags,
      security: bearer,
      description: `${about} The currency cannot change.`,
      request: { params: IdParam, body: jsonBody(UpdateDebt) },
      responses: { 200: jsonContent(DebtView, "The updated debt"), ...errorResponses },
    }),
    async (c) => {
      const input = { id: c.req.valid("param").id, patch: c.req.valid("json") };
      return c.json(await updateDebt({ ctx: ctxOf(c), input }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/debts/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted; a linked account is untouched" }, ...errorResponses },
    }),
    async (c) => {
      await deleteDebt({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
};
