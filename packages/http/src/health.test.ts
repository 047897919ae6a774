import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import type { BaseEnv } from "./base-env.ts";
import { type ReadinessCheck, registerHealth } from "./health.ts";
import { newApp } from "./new-app.ts";

const build = (checks: ReadinessCheck[], timeoutMs?: number) => {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  const logger = createLogger({ service: "test", level: "warn", destination });
  const app = newApp<BaseEnv>({ service: "test", logger, metrics: createMetrics("test") });
  registerHealth(app, timeoutMs === undefined ? { checks } : { checks, timeoutMs });
  return { app, lines };
};

const ok: ReadinessCheck = { name: "postgres", check: async () => {} };

test("/readyz answers 200 with every check ok; /healthz checks nothing; no /metrics here", async () => {
  const { app } = build([ok, { name: "redis", check: async () => {} }]);
  const res = await app.request("/readyz");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: "ready", checks: { postgres: "ok", redis: "ok" } });
  assert.equal((await app.request("/healthz")).status, 200);
  assert.equal((await app.request("/metrics")).status, 404);
});

test("a failing check: 503 problem+json naming it, its error text only in the log", async () => {
  const secret = "connect ECONNREFUSED 10.1.2.3:6379 password=hunter2";
  const { app, lines } = build([ok, { name: "redis", check: () => Promise.reject(new Error(secret)) }]);
  const res = await app.request("/readyz");
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const text = await res.text();
  assert.doesNotMatch(text, /ECONNREFUSED|hunter2|10\.1\.2\.3/);
  const body = JSON.parse(text);
  assert.deepEqual(body.checks, { postgres: "ok", redis: "down" });
  assert.equal(body.status, 503);
  assert.match(body.detail, /redis/);
  const logged = lines.find((l) => l.msg === "readiness check failed");
  assert.equal(logged?.check, "redis");
  assert.match(JSON.stringify(logged?.err), /ECONNREFUSED/);
});

test("a check that never answers is down once its deadline passes", async () => {
  const { app } = build([{ name: "postgres", check: () => new Promise<void>(() => {}) }], 50);
  const res = await app.request("/readyz");
  assert.equal(res.status, 503);
  assert.deepEqual(((await res.json()) as { checks: unknown }).checks, { postgres: "down" });
});

test("a deadline that is not positive is refused when the routes are registered", () => {
  assert.throws(() => build([ok], 0), /timeoutMs must be positive/);
});
