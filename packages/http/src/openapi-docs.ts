import type { OpenAPIHono } from "@hono/zod-openapi";
import type { BaseEnv } from "./base-env.ts";

export type OpenApiInfo = { title: string; version: string; description?: string };

/** Serves the OpenAPI 3.1 document generated from the route schemas, and a docs page for it. */
export const registerOpenApi = <E extends BaseEnv>(app: OpenAPIHono<E>, info: OpenApiInfo): void => {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An access token from /v1/auth/login, or a personal access token from /v1/tokens",
  });
  app.doc31("/openapi.json", { openapi: "3.1.0", info });
  app.get("/docs", (c) => c.html(docsPage(info.title)));
};

// Scalar renders the document in the browser; the page itself is static.
const docsPage = (title: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title} API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><script id="api-reference" data-url="/openapi.json"></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script></body></html>`;
