import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../api-context.ts";
import { registerAccountRoutes } from "./accounts/register-account-routes.ts";
import { registerTransactionRoutes } from "./transactions/register-transaction-routes.ts";

/** Every `/v1` route group, in the order they appear in the OpenAPI document. */
export const registerRoutes = (app: OpenAPIHono<ApiContext>): void => {
  registerAccountRoutes(app);
  // Hono matches in registration order: export routes (GET /v1/transactions/export) must be
  // registered before registerTransactionRoutes, or `/v1/transactions/{id}` answers "export".
  registerTransactionRoutes(app);
};
