import type { OpenAPIHono } from "@hono/zod-openapi";
import type { BaseEnv } from "./base-env.ts";
import { registerDocsUi } from "./docs-ui.ts";

export type OpenApiInfo = { title: string; version: string; description?: string };

/** Serves the OpenAPI 3.1 document generated from the route schemas, and a docs page for it. */
export const registerOpenApi = <E extends BaseEnv>(app: OpenAPIHono<E>, info: OpenApiInfo): void => {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An access token from /v1/auth/login, or a personal access token from /v1/tokens",
  });
  app.doc31("/openapi.json", { openapi: "3.1.0", info });
  registerDocsUi(app, { title: info.title, documentUrl: "/openapi.json" });
};
