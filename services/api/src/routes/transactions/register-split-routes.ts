import {
  ReplaceSplits,
  removeSplits,
  replaceSplits,
  SplitEvenly,
  splitEvenly,
  TransactionView,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";
import { tags } from "./route-meta.ts";

/** `/v1/transactions/{id}/splits`: replace, remove, or split evenly among categories. */
export const registerSplitRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/transactions/{id}/splits",
      tags,
      security: bearer,
      request: { params: IdParam, body: jsonBody(ReplaceSplits) },
      responses: { 200: jsonContent(TransactionView, "The transaction with its new parts"), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await replaceSplits({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, body: c.req.valid("json") } }),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/transactions/{id}/splits",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 200: jsonContent(TransactionView, "The transaction, no longer split"), ...errorResponses },
    }),
    async (c) => c.json(await removeSplits({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/transactions/{id}/splits/even",
      tags,
      security: bearer,
      request: { params: IdParam, body: jsonBody(SplitEvenly) },
      responses: { 200: jsonContent(TransactionView, "The transaction split in equal parts"), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await splitEvenly({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, body: c.req.valid("json") } }),
        200,
      ),
  );
};
