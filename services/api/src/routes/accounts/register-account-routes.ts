import {
  AccountView,
  CreateAccount,
  createAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  UpdateAccount,
  updateAccount,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["accounts"];

/** `/v1/accounts`: CRUD; balances are computed from transactions on every read. */
export const registerAccountRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/accounts",
      tags,
      security: bearer,
      request: { body: jsonBody(CreateAccount) },
      responses: { 201: jsonContent(AccountView, "The new account"), ...errorResponses },
    }),
    async (c) => c.json(await createAccount({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/accounts",
      tags,
      security: bearer,
      responses: { 200: jsonContent(ItemsOf(AccountView), "The person's accounts with balances"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listAccounts({ ctx: ctxOf(c) }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/accounts/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 200: jsonContent(AccountView, "The account"), ...errorResponses },
    }),
    async (c) => c.json(await getAccount({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/accounts/{id}",
      tags,
      security: bearer,
      request: { params: IdParam, body: jsonBody(UpdateAccount) },
      responses: { 200: jsonContent(AccountView, "The updated account"), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await updateAccount({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/accounts/{id}",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted, with its transactions" }, ...errorResponses },
    }),
    async (c) => {
      await deleteAccount({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
};
