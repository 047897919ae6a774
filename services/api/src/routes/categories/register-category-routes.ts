import {
  CategoryGroupView,
  CategoryView,
  CreateCategory,
  createCategory,
  deleteCategory,
  getCategory,
  listCategories,
  listCategoryTree,
  UpdateCategory,
  updateCategory,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import {
  bearer,
  errorResponses,
  IdParam,
  ItemsOf,
  jsonBody,
  jsonContent,
  ProblemSchema,
} from "../../http/openapi-helpers.ts";
import { registerCategoryMergeRoute } from "./register-category-merge-route.ts";

const tags = ["categories"];
const withConflict = {
  ...errorResponses,
  409: {
    description: "A sibling already has this name (case-insensitive)",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};

const ListQuery = z.object({
  tree: z.enum(["true", "false"]).optional().meta({ description: "true: groups, each with its `children`" }),
});
const DeleteQuery = z.object({
  reassignTo: z.uuid().optional().meta({ description: "Move the transactions and split rows here before deleting" }),
});

/** `/v1/categories`: a two-level taxonomy (groups and their children) per person. */
export const registerCategoryRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/categories",
      tags,
      security: bearer,
      request: { query: ListQuery },
      responses: {
        200: jsonContent(ItemsOf(z.union([CategoryGroupView, CategoryView])), "Flat, or as a tree with ?tree=true"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const items =
        c.req.valid("query").tree === "true" ? await listCategoryTree({ ctx }) : await listCategories({ ctx });
      return c.json({ items }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/categories",
      tags,
      security: bearer,
      request: { body: jsonBody(CreateCategory) },
      responses: { 201: jsonContent(CategoryView, "The new category"), ...withConflict },
    }),
    async (c) => c.json(await createCategory({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/categories/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 200: jsonContent(CategoryView, "The category"), ...errorResponses },
    }),
    async (c) => c.json(await getCategory({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/categories/{id}",
      tags,
      security: bearer,
      request: { params: IdParam, body: jsonBody(UpdateCategory) },
      responses: { 200: jsonContent(CategoryView, "The updated category"), ...withConflict },
    }),
    async (c) =>
      c.json(
        await updateCategory({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/categories/{id}",
      tags,
      security: bearer,
      request: { params: IdParam, query: DeleteQuery },
      responses: {
        204: { description: "Deleted with its children and their budgets; transactions become uncategorized" },
        ...errorResponses,
      },
    }),
    async (c) => {
      await deleteCategory({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("query") } });
      return c.body(null, 204);
    },
  );
  registerCategoryMergeRoute(app);
};
