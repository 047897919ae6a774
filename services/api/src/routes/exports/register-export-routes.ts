import { ExportTransactions, exportTransactions } from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses } from "../../http/openapi-helpers.ts";

const file = (description: string) => ({ schema: z.string().meta({ description }) });

/**
 * `GET /v1/transactions/export`: the person's transactions as a CSV or OFX download,
 * streamed from a cursor. Registered before the transaction routes, whose
 * `/v1/transactions/{id}` would otherwise take `export` for an id.
 */
export const registerExportRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/transactions/export",
      tags: ["transactions"],
      security: bearer,
      request: { query: ExportTransactions },
      responses: {
        200: {
          description: "The file, as an attachment",
          content: {
            "text/csv": file("date,amount,currency,description,merchant,category,notes,tags,account,id"),
            "application/x-ofx": file("OFX 2.2 (XML), one statement per account"),
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const out = await exportTransactions({
        ctx: ctxOf(c),
        sql: c.get("deps").database.sql,
        input: c.req.valid("query"),
      });
      const body = ReadableStream.from(out.chunks).pipeThrough(new TextEncoderStream());
      return c.body(body, 200, {
        "content-type": out.contentType,
        "content-disposition": `attachment; filename="${out.filename}"`,
        "cache-control": "no-store",
      });
    },
  );
};
