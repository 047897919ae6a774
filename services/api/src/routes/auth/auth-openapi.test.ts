import assert from "node:assert/strict";
import { test } from "node:test";
import { newApp, registerOpenApi } from "@fincoach/http";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import type { ApiContext } from "../../api-context.ts";
import { registerMeRoutes } from "../me/register-me-routes.ts";
import { registerTokenRoutes } from "../tokens/register-token-routes.ts";
import { registerAuthRoutes } from "./register-auth-routes.ts";

test("the OpenAPI document describes the auth, me and token endpoints", async () => {
  // Only these route groups, so the check doesn't depend on the rest of the API.
  const app = newApp<ApiContext>({
    service: "api",
    logger: createLogger({ service: "api", level: "silent" }),
    metrics: createMetrics("api"),
  });
  registerAuthRoutes(app);
  registerMeRoutes(app);
  registerTokenRoutes(app);
  registerOpenApi(app, { title: "FinCoach", version: "test" });
  const res = await app.request("/openapi.json");
  assert.equal(res.status, 200);
  const doc = (await res.json()) as {
    paths: Record<string, Record<string, { security?: unknown; responses: Record<string, { headers?: object }> }>>;
    components: { schemas: Record<string, { properties?: Record<string, { format?: string }> }> };
  };
  for (const p of ["/v1/auth/register", "/v1/auth/login", "/v1/auth/refresh", "/v1/auth/logout"]) {
    assert.ok(doc.paths[p]?.post, p);
    assert.equal(doc.paths[p]?.post?.security, undefined, `${p} is public`);
  }
  assert.ok(doc.paths["/v1/auth/login"]?.post?.responses["429"]?.headers, "429 documents Retry-After");
  assert.ok(doc.paths["/v1/auth/register"]?.post?.responses["429"]?.headers, "sign-ups are limited too");
  assert.ok(doc.paths["/v1/me"]?.get?.security);
  assert.ok(doc.paths["/v1/me"]?.delete?.security, "account deletion needs a token");
  assert.ok(doc.paths["/v1/me"]?.delete?.responses["403"] && doc.paths["/v1/me"]?.delete?.responses["429"]?.headers);
  assert.ok(doc.paths["/v1/tokens"]?.post && doc.paths["/v1/tokens"]?.get && doc.paths["/v1/tokens/{id}"]?.delete);
  assert.equal(doc.components.schemas.RegisterRequest?.properties?.email?.format, "email");
  assert.ok(
    !("token" in (doc.components.schemas.PersonalAccessToken?.properties ?? {})),
    "listing never has the token",
  );
});
