import { CategoryMergeResult, MergeCategory, mergeCategory } from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";

/**
 * `POST /v1/categories/{id}/merge`: everything filed under `id` moves to `intoId`, then
 * `id` is deleted, in one database transaction.
 */
export const registerCategoryMergeRoute = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/categories/{id}/merge",
      tags: ["categories"],
      security: bearer,
      description: [
        "Moves every transaction, split row and budget of the category into `intoId`, then deletes it.",
        "A budget whose period the target already budgets is dropped: the target's wins.",
        "Merging a group: when the target is a group, each child moves under it, or merges into",
        "its same-named child (case-insensitive); when the target is a child, the children merge into it too.",
      ].join(" "),
      request: { params: IdParam, body: jsonBody(MergeCategory) },
      responses: { 200: jsonContent(CategoryMergeResult, "What moved where"), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await mergeCategory({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, merge: c.req.valid("json") } }),
        200,
      ),
  );
};
