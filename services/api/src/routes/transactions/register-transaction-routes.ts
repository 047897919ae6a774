import {
  CategoryExplanation,
  CreateTransaction,
  createTransaction,
  deleteTransaction,
  explainTransactionCategory,
  getTransaction,
  ListTransactions,
  listTransactions,
  TransactionPage,
  TransactionView,
  UpdateTransaction,
  updateTransaction,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";
import { pipelineDepsOf } from "../../ml/pipeline-deps.ts";
import { evaluateArrivals } from "../alerts/evaluate-arrivals.ts";
import { refreshRecurringAfter } from "../recurring/refresh-after-write.ts";
import { registerBulkRoutes } from "./register-bulk-routes.ts";
import { registerSplitRoutes } from "./register-split-routes.ts";
import { registerTransferRoutes } from "./register-transfer-routes.ts";
import { conflictResponse, tags } from "./route-meta.ts";

/** Reads under /v1 carry an ETag computed from the body (`etagJson` in app.ts). */
const notModified = {
  304: { description: "If-None-Match named the current ETag: unchanged, no body" },
} as const;

/**
 * `/v1/transactions` (CRUD, keyset-paginated list, bulk recategorize, splits) and
 * `/v1/transfers`. Routes with a literal segment where `{id}` could match
 * (`/v1/transactions/export`) must be registered before this.
 */
export const registerTransactionRoutes = (app: OpenAPIHono<ApiContext>): void => {
  registerBulkRoutes(app);
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/transactions",
      tags,
      security: bearer,
      description:
        "Without `categoryId` the categorization pipeline decides: the person's rules (their tags are added too), " +
        "their remembered correction for the merchant, then the model; `category` says which. An explicit " +
        "`categoryId` is the person's own choice (source `manual`); `null` leaves it uncategorized.",
      request: { body: jsonBody(CreateTransaction) },
      responses: { 201: jsonContent(TransactionView, "The new transaction"), ...errorResponses },
    }),
    async (c) => {
      const created = await createTransaction({ ctx: ctxOf(c), input: c.req.valid("json"), ...pipelineDepsOf(c) });
      await refreshRecurringAfter(c, { rows: [created] });
      await evaluateArrivals(c, [created.id]);
      return c.json(created, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/transactions",
      tags,
      security: bearer,
      request: { query: ListTransactions },
      responses: {
        200: jsonContent(TransactionPage, "Newest first; follow nextCursor for more. Carries an ETag."),
        ...notModified,
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listTransactions({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/transactions/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: {
        200: jsonContent(TransactionView, "The transaction. Carries an ETag."),
        ...notModified,
        ...errorResponses,
      },
    }),
    async (c) => c.json(await getTransaction({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/transactions/{id}/explanation",
      tags,
      security: bearer,
      description:
        "Why the model categorizes this transaction as it does: the version serving the person scores it again and " +
        "names the features (n-grams of the text, the amount band) that weighed most, with the pick and the next " +
        "best classes mapped to the person's categories. 412 when the server has no model stage configured.",
      request: { params: IdParam },
      responses: { 200: jsonContent(CategoryExplanation, "The model's view of the transaction"), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await explainTransactionCategory({
          ctx: ctxOf(c),
          input: c.req.valid("param"),
          scoreModel: c.get("deps").scoreModel,
        }),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/transactions/{id}",
      tags,
      security: bearer,
      request: { params: IdParam, body: jsonBody(UpdateTransaction) },
      responses: {
        200: jsonContent(TransactionView, "The updated transaction"),
        ...errorResponses,
        ...conflictResponse,
      },
    }),
    async (c) =>
      c.json(
        await updateTransaction({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/transactions/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted (a transfer leg with its other leg)" }, ...errorResponses },
    }),
    async (c) => {
      await deleteTransaction({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
  registerSplitRoutes(app);
  registerTransferRoutes(app);
};
