import assert from "node:assert/strict";
import { test } from "node:test";
import { AppError, ErrorCode } from "@fincoach/errors";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { BaseEnv } from "./base-env.ts";
import { registerHealth } from "./health.ts";
import { newApp } from "./new-app.ts";
import { httpStatusOf } from "./problem-json.ts";

const buildWithMetrics = () => {
  const metrics = createMetrics("test");
  const app = newApp<BaseEnv>({ service: "test", logger: createLogger({ service: "test", level: "silent" }), metrics });
  app.openapi(
    createRoute({
      method: "post",
      path: "/things/{id}",
      request: {
        params: z.object({ id: z.uuid() }),
        body: { content: { "application/json": { schema: z.object({ name: z.string().min(1), n: z.number() }) } } },
      },
      responses: { 200: { description: "ok" } },
    }),
    (c) => c.json({ ok: true }, 200),
  );
  app.get("/boom", () => {
    throw new Error("database password is hunter2");
  });
  app.get("/limited", () => {
    throw new AppError("LIMIT_EXCEEDED", "slow down", { retryAfterSeconds: 7 });
  });
  registerHealth(app, { checks: [{ name: "db", check: async () => {} }] });
  return { app, metrics };
};
const build = () => buildWithMetrics().app;

type ProblemBody = { code: string; errors: { path: string }[] };
const problemOf = async (res: Response) => (await res.json()) as ProblemBody;

const post = (app: ReturnType<typeof build>, path: string, body: string) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body });

test("every error code maps to a distinct 4xx/5xx status", () => {
  const statuses = Object.values(ErrorCode).map(httpStatusOf);
  assert.equal(new Set(statuses).size, statuses.length);
  assert.ok(statuses.every((s) => s >= 400 && s < 600));
});

test("schema failures answer 400 problem+json naming every field", async () => {
  const res = await post(build(), "/things/00000000-0000-4000-8000-000000000000", JSON.stringify({ name: "" }));
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = await problemOf(res);
  assert.equal(body.code, "VALIDATION");
  assert.deepEqual(body.errors.map((e: { path: string }) => e.path).sort(), ["n", "name"]);
});

test("bad path params are named with their target", async () => {
  const res = await post(build(), "/things/nope", JSON.stringify({ name: "a", n: 1 }));
  assert.equal((await problemOf(res)).errors[0]?.path, "param.id");
});

test("malformed JSON is a 400 problem, not a 500", async () => {
  const res = await post(build(), "/things/00000000-0000-4000-8000-000000000000", "{");
  assert.equal(res.status, 400);
  assert.equal((await problemOf(res)).code, "VALIDATION");
});

test("unexpected errors answer 500 without leaking their message", async () => {
  const res = await build().request("/boom");
  assert.equal(res.status, 500);
  assert.ok(!(await res.text()).includes("hunter2"));
});

test("LIMIT_EXCEEDED carries Retry-After; unknown routes are 404 problems; responses carry a request id", async () => {
  const app = build();
  const limited = await app.request("/limited");
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "7");
  const missing = await app.request("/nowhere");
  assert.equal(missing.status, 404);
  assert.equal((await problemOf(missing)).code, "NOT_FOUND");
  assert.match(missing.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
});

test("the registry has request durations by route pattern and status", async () => {
  const { app, metrics } = buildWithMetrics();
  await post(app, "/things/00000000-0000-4000-8000-000000000000", JSON.stringify({ name: "a", n: 1 }));
  const text = await metrics.registry.metrics();
  assert.match(
    text,
    /http_request_duration_seconds_count\{service="test",method="POST",route="\/things\/:id",status="200"\} 1/,
  );
  assert.match(text, /process_cpu_user_seconds_total/);
  assert.equal((await app.request("/readyz")).status, 200);
});
