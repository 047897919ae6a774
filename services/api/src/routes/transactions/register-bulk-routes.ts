import { BulkRecategorize, bulkRecategorize } from "@fincoach/domain";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";
import { tags } from "./route-meta.ts";

const BulkResult = z.object({ updated: z.number().int() }).meta({ id: "BulkRecategorizeResult" });

/** `POST /v1/transactions/bulk-recategorize`: all or nothing. */
export const registerBulkRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/transactions/bulk-recategorize",
      tags,
      security: bearer,
      request: { body: jsonBody(BulkRecategorize) },
      responses: { 200: jsonContent(BulkResult, "How many transactions changed"), ...errorResponses },
    }),
    async (c) => c.json(await bulkRecategorize({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  );
};
