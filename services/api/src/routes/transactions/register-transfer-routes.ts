import {
  CreateTransfer,
  createTransfer,
  getTransfer,
  LinkTransfer,
  linkTransfer,
  TransferView,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";
import { conflictResponse } from "./route-meta.ts";

const tags = ["transfers"];
const TransferIdParam = z.object({
  transferId: z.uuid().meta({ param: { name: "transferId", in: "path" } }),
});

/** `/v1/transfers`: money moved between two of the person's accounts, as a linked pair of transactions. */
export const registerTransferRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/transfers",
      tags,
      security: bearer,
      request: { body: jsonBody(CreateTransfer) },
      responses: { 201: jsonContent(TransferView, "Both legs of the new transfer"), ...errorResponses },
    }),
    async (c) => c.json(await createTransfer({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/transfers/link",
      tags,
      security: bearer,
      request: { body: jsonBody(LinkTransfer) },
      responses: {
        201: jsonContent(TransferView, "The two transactions, now one transfer"),
        ...errorResponses,
        ...conflictResponse,
      },
    }),
    async (c) => c.json(await linkTransfer({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/transfers/{transferId}",
      tags,
      security: bearer,
      request: { params: TransferIdParam },
      responses: { 200: jsonContent(TransferView, "Both legs of the transfer"), ...errorResponses },
    }),
    async (c) => c.json(await getTransfer({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
};
