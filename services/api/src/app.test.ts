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
  "delete /v1/me",
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
  "post /v1/rules",
  "get /v1/rules",
  "get /v1/rules/{id}",
  "patch /v1/rules/{id}",
  "delete /v1/rules/{id}",
  "post /v1/rules/{id}/apply",
  "post /v1/rules/dry-run",
  "post /v1/rules/{id}/dry-run",
  // issue 14: debts and payoff plans, recurring streams, alerts and pace, webhooks and notifications, nudges
  "post /v1/debts",
  "get /v1/debts",
  "get /v1/debts/{id}",
  "patch /v1/debts/{id}",
  "delete /v1/debts/{id}",
  "post /v1/plans",
  "get /v1/plans",
  "get /v1/plans/{id}",
  "delete /v1/plans/{id}",
  "post /v1/plans/compare",
  "post /v1/plans/{id}/rerun",
  "get /v1/recurring",
  "get /v1/recurring/{id}",
  "patch /v1/recurring/{id}",
  "post /v1/recurring/{id}/confirm",
  "post /v1/recurring/{id}/end",
  "get /v1/alerts",
  "get /v1/alerts/{id}",
  "post /v1/alerts/{id}/acknowledge",
  "get /v1/alerts/mutes",
  "post /v1/alerts/mutes",
  "delete /v1/alerts/mutes/{id}",
  "get /v1/budgets/{id}/pace",
  "post /v1/webhooks",
  "get /v1/webhooks",
  "get /v1/webhooks/{id}",
  "patch /v1/webhooks/{id}",
  "delete /v1/webhooks/{id}",
  "get /v1/webhooks/{id}/deliveries",
  "get /v1/notifications/settings",
  "put /v1/notifications/settings",
  "get /v1/nudges",
  "post /v1/nudges/generate",
  "post /v1/nudges/{id}/dismiss",
  "get /v1/analytics/cash-flow",
  "get /v1/analytics/spending",
  "get /v1/analytics/net-worth",
  "get /v1/analytics/merchants",
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

test("the issue 14 lists answer 200 with an ETag, and 304 to If-None-Match naming it", async () => {
  const { token } = await h.newUser();
  for (const path of [
    "/v1/debts",
    "/v1/plans",
    "/v1/recurring",
    "/v1/alerts",
    "/v1/alerts/mutes",
    "/v1/webhooks",
    "/v1/notifications/settings",
    "/v1/nudges",
  ]) {
    const res = await h.call("GET", path, { token });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    const etag = res.headers.get("etag");
    assert.ok(etag, path);
    const again = await h.call("GET", path, { token, headers: { "if-none-match": etag } });
    assert.equal(again.status, 304, path);
  }
});

test("/docs serves Swagger UI from the API itself, under a same-origin CSP", async () => {
  const res = await h.call("GET", "/docs");
  assert.equal(res.status, 200);
  assert.match(res.text, /data-url="\/openapi.json"/);
  assert.doesNotMatch(res.text, /https?:\/\//, "no external origin");
  assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'; style-src 'self'/);
  const bundle = /src="(\/docs\/swagger-ui-bundle\.js[^"]*)"/.exec(res.text)?.[1];
  assert.ok(bundle);
  const asset = await h.call("GET", bundle);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get("content-type") ?? "", /^text\/javascript/);
});

test("/healthz and /readyz answer; /readyz checks PostgreSQL and Redis; the API has no /metrics", async () => {
  assert.equal((await h.call("GET", "/healthz")).status, 200);
  const ready = await h.call("GET", "/readyz");
  assert.equal(ready.status, 200);
  assert.deepEqual(ready.json, { status: "ready", checks: { postgres: "ok", redis: "ok" } });
  assert.equal((await h.call("GET", "/metrics")).status, 404);
  assert.equal((await h.call("GET", "/metrics", { http: true })).status, 404);
});

/** The API with one dependency pointed at a closed port, the other real. */
const appWith = async (broken: "postgres" | "redis") => {
  const { createDatabase } = await import("@fincoach/db");
  const { createLogger } = await import("@fincoach/logging");
  const { createMetrics } = await import("@fincoach/telemetry");
  const { Redis } = await import("ioredis");
  const { createApp } = await import("./app.ts");
  const database =
    broken === "postgres" ? createDatabase("postgres://postgres@127.0.0.1:1/nowhere", { max: 1 }) : h.database;
  // As main.ts makes it: a client that keeps reconnecting, so its PING waits rather than failing.
  const redis = broken === "redis" ? new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 2 }) : h.redis;
  redis.on("error", () => {});
  const app = createApp({
    deps: { database, redis, config: h.config },
    logger: createLogger({ service: "api", level: "silent" }),
    metrics: createMetrics("api"),
  });
  const close = async () => {
    if (broken === "postgres") await database.close();
    else redis.disconnect();
  };
  return { app, close };
};

for (const broken of ["postgres", "redis"] as const) {
  test(`/readyz answers 503 problem+json naming ${broken} when it does not answer, without the driver's text`, async () => {
    const { app, close } = await appWith(broken);
    try {
      const res = await app.request("/readyz");
      assert.equal(res.status, 503);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      const text = await res.text();
      assert.doesNotMatch(text, /ECONNREFUSED|127\.0\.0\.1|:1\b/);
      const body = JSON.parse(text) as { status: number; checks: Record<string, string> };
      assert.equal(body.status, 503);
      const other = broken === "postgres" ? "redis" : "postgres";
      assert.deepEqual(body.checks, { [broken]: "down", [other]: "ok" });
    } finally {
      await close();
    }
  });
}

test("every response carries nosniff and no-referrer; /v1 responses (tokens, personal data) are never stored", async () => {
  const register = await h.call("POST", "/v1/auth/register", {
    body: { email: `h${Date.now()}@example.com`, password: "correct horse battery" },
  });
  assert.equal(register.status, 201, register.text);
  assert.ok(register.json.accessToken);
  const u = await h.newUser();
  const tokens = await h.call("POST", "/v1/tokens", { token: u.token, body: { name: "cron" } });
  assert.equal(tokens.status, 201, tokens.text);
  const me = await h.call("GET", "/v1/me", { token: u.token });
  for (const [name, res] of [
    ["register", register],
    ["new personal access token", tokens],
  ] as const) {
    assert.equal(res.headers.get("cache-control"), "no-store", name);
  }
  assert.equal(me.headers.get("cache-control"), "private, no-cache", "a JSON read revalidates (ETag)");
  const probes = await Promise.all(["/healthz", "/openapi.json", "/docs", "/nowhere"].map((p) => h.call("GET", p)));
  for (const res of [register, tokens, me, ...probes]) {
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
  }
});
