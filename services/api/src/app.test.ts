import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Harness, startHarness } from "./test-support/api-harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** The public contract: every one of these must be in the generated OpenAPI document. */
const CONTRACT = [
  "post /v1/auth/register",
  "post /v1/auth/login",
  "post /v1/auth/refresh",
  "post /v1/auth/logout",
  "get /v1/me",
  "post /v1/tokens",
  "get /v1/tokens",
  "delete /v1/tokens/{id}",
  "post /v1/accounts",
  "get /v1/accounts",
  "get /v1/accounts/{id}",
  "patch /v1/accounts/{id}",
  "delete /v1/accounts/{id}",
  "post /v1/categories",
  "get /v1/categories",
  "post /v1/categories/{id}/merge",
  "post /v1/transactions",
  "get /v1/transactions",
  "get /v1/transactions/{id}",
  "patch /v1/transactions/{id}",
  "delete /v1/transactions/{id}",
  "post /v1/transactions/bulk-recategorize",
  "put /v1/transactions/{id}/splits",
  "post /v1/transfers",
  "post /v1/budgets",
  "get /v1/budgets/{id}",
  "post /v1/goals",
  "get /v1/goals/{id}",
  "post /v1/imports",
  "get /v1/imports/{id}",
  "get /v1/transactions/export",
];

test("/openapi.json is OpenAPI 3.1 and documents the whole contract", async () => {
  const res = await h.call("GET", "/openapi.json");
  assert.equal(res.status, 200);
  assert.equal(res.json.openapi, "3.1.0");
  const documented = new Set(
    Object.entries(res.json.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    ),
  );
  const missing = CONTRACT.filter((op) => !documented.has(op));
  assert.deepEqual(missing, []);
  assert.ok(res.json.components.schemas.Problem, "problem+json schema is documented");
});

test("/docs serves a page that loads the document", async () => {
  const res = await h.call("GET", "/docs");
  assert.equal(res.status, 200);
  assert.match(res.text, /data-url="\/openapi.json"/);
});

test("/healthz and /readyz answer; /readyz checks PostgreSQL", async () => {
  assert.equal((await h.call("GET", "/healthz")).status, 200);
  const ready = await h.call("GET", "/readyz");
  assert.equal(ready.status, 200);
  assert.deepEqual(
    ready.json.checks.map((c: { name: string }) => c.name),
    ["postgres"],
  );
});

test("/readyz answers 503 naming PostgreSQL when it does not answer", async () => {
  const { createDatabase } = await import("@fincoach/db");
  const { createLogger } = await import("@fincoach/logging");
  const { createMetrics } = await import("@fincoach/telemetry");
  const { createApp } = await import("./app.ts");
  const database = createDatabase("postgres://postgres@127.0.0.1:1/nowhere", { max: 1 });
  const app = createApp({
    deps: { database, redis: h.redis, config: h.config },
    logger: createLogger({ service: "api", level: "silent" }),
    metrics: createMetrics("api"),
  });
  const res = await app.request("/readyz");
  assert.equal(res.status, 503);
  const body = (await res.json()) as { checks: { name: string; ok: boolean }[] };
  assert.equal(body.checks[0]?.name, "postgres");
  assert.equal(body.checks[0]?.ok, false);
  await database.close();
});
