import {
  confirmRecurring,
  endRecurring,
  getRecurring,
  ListRecurring,
  listRecurring,
  RecurringStreamDetail,
  RecurringStreamView,
  RenameRecurring,
  renameRecurring,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, ProblemSchema } from "../../http/openapi-helpers.ts";

const tags = ["recurring"];
const about = [
  "Recurring streams are found in each account's charges at one merchant (docs/recurring.md) as transactions",
  "arrive (create, import, sync). Amounts are signed decimal strings (negative: money out). `status` is computed",
  "for today (UTC): `early_detection` (few charges yet), `mature`, `paused` (the predicted charge is late by more",
  "than the cadence's tolerance), `ended` (two charges missed, or ended by the person: such a stream is never",
  "re-created).",
].join(" ");

const streamExample = {
  id: "0191f0b2-7c1e-7a51-9a0e-5a3f1f0c2b11",
  name: "netflix",
  merchant: "netflix",
  accountId: "0191f0b2-7c1e-7a51-9a0e-5a3f1f0c2b10",
  direction: "outflow",
  cadence: "monthly",
  status: "mature",
  confirmed: false,
  currency: "EUR",
  averageAmount: "-16.79",
  lastAmount: "-17.99",
  occurrences: 5,
  firstDate: "2024-01-03",
  lastDate: "2024-05-03",
  predictedNextDate: "2024-06-03",
  priceChange: { previousAmount: "-15.99", amount: "-17.99", since: "2024-04-03", confirmedOn: "2024-05-03" },
  confirmedAt: null,
  endedAt: null,
  createdAt: "2024-05-03T10:00:00.000Z",
  updatedAt: "2024-05-03T10:00:00.000Z",
};
const detailExample = {
  ...streamExample,
  transactions: [
    {
      id: "0191f0b2-7c1e-7a51-9a0e-5a3f1f0c2b12",
      date: "2024-05-03",
      amount: "-17.99",
      description: "NETFLIX.COM",
      merchant: null,
    },
  ],
};

const example = <T>(schema: T, value: unknown, description: string) => ({
  description,
  content: { "application/json": { schema, example: value } },
});
const withConflict = {
  ...errorResponses,
  409: {
    description: "The stream was ended by the person and cannot be confirmed",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};

/** `/v1/recurring`: subscriptions, bills and income found in the person's transactions. */
export const registerRecurringRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/recurring",
      tags,
      security: bearer,
      description: `${about} Ordered by account, merchant and first charge; filter by \`status\` and \`accountId\`.`,
      request: { query: ListRecurring },
      responses: {
        200: example(ItemsOf(RecurringStreamView), { items: [streamExample] }, "The person's recurring streams"),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: await listRecurring({ ctx: ctxOf(c), input: c.req.valid("query") }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/recurring/{id}",
      tags,
      security: bearer,
      description: `${about} With the member transactions, oldest first.`,
      request: { params: IdParam },
      responses: { 200: example(RecurringStreamDetail, detailExample, "The stream"), ...errorResponses },
    }),
    async (c) => c.json(await getRecurring({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/recurring/{id}/confirm",
      tags,
      security: bearer,
      description:
        "The person says the stream is real: it counts as mature (until late or ended by the dates) and is kept even if later data no longer shows it. Idempotent.",
      request: { params: IdParam },
      responses: {
        200: example(
          RecurringStreamDetail,
          { ...detailExample, confirmed: true, confirmedAt: "2024-05-04T09:00:00.000Z" },
          "The confirmed stream",
        ),
        ...withConflict,
      },
    }),
    async (c) => c.json(await confirmRecurring({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/recurring/{id}",
      tags,
      security: bearer,
      description: "Renames the stream; `null` goes back to the merchant's name.",
      request: {
        params: IdParam,
        body: {
          required: true,
          content: { "application/json": { schema: RenameRecurring, example: { name: "Netflix family plan" } } },
        },
      },
      responses: {
        200: example(RecurringStreamDetail, { ...detailExample, name: "Netflix family plan" }, "The renamed stream"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const input = { id: c.req.valid("param").id, patch: c.req.valid("json") };
      return c.json(await renameRecurring({ ctx: ctxOf(c), input }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/recurring/{id}/end",
      tags,
      security: bearer,
      description:
        "The person ends the stream (cancelled, or not recurring at all). It stays listed as `ended`, and no stream with the same account, merchant, direction and cadence is ever created again, whatever charges arrive. Idempotent.",
      request: { params: IdParam },
      responses: {
        200: example(
          RecurringStreamDetail,
          { ...detailExample, status: "ended", endedAt: "2024-05-04T09:00:00.000Z" },
          "The ended stream",
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await endRecurring({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
};
