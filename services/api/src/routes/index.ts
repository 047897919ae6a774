import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../api-context.ts";
import { registerAccountRoutes } from "./accounts/register-account-routes.ts";

/** Every `/v1` route group, in the order they appear in the OpenAPI document. */
export const registerRoutes = (app: OpenAPIHono<ApiContext>): void => {
  registerAccountRoutes(app);
};
