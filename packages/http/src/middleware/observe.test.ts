import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics, startTracing, type Tracing } from "@fincoach/telemetry";
import type { BaseEnv } from "../base-env.ts";
import { registerHealth } from "../health.ts";
import { newApp } from "../new-app.ts";

// As in the services: the W3C propagator, and no exporter (so spans are no-ops that still
// carry the caller's trace context).
let tracing: Tracing;
before(async () => {
  tracing = await startTracing({ service: "test" });
});
after(() => tracing.shutdown());

type Line = Record<string, unknown>;

const build = (level: string) => {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Line);
      done();
    },
  });
  const metrics = createMetrics("test");
  const app = newApp<BaseEnv>({
    service: "test",
    logger: createLogger({ service: "test", level, destination }),
    metrics,
  });
  registerHealth(app, { checks: [] });
  app.get("/things/:id", (c) => {
    c.get("logger").info({ step: "handler" }, "inside");
    return c.json({ ok: true });
  });
  app.get("/boom", () => {
    throw new Error("kaboom");
  });
  return { app, lines };
};

test("one access line per request, bound to the request id, with the caller's trace id", async () => {
  const { app, lines } = build("info");
  const traceId = "0af7651916cd43dd8448eb211c80319c";
  const res = await app.request("/things/7", {
    headers: { "x-request-id": "req-1", traceparent: `00-${traceId}-b7ad6b7169203331-01` },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-request-id"), "req-1");
  const access = lines.find((l) => l.msg === "request");
  assert.deepEqual(
    { ...access, time: undefined, ms: typeof access?.ms },
    {
      level: "info",
      time: undefined,
      service: "test",
      requestId: "req-1",
      method: "GET",
      route: "/things/:id",
      status: 200,
      ms: "number",
      traceId,
      msg: "request",
    },
  );
  // A handler's own lines carry the request id too (the child logger, made on first use).
  assert.equal(lines.find((l) => l.msg === "inside")?.requestId, "req-1");
});

test("errors are logged through the request's logger; probes are not access-logged", async () => {
  const { app, lines } = build("info");
  assert.equal((await app.request("/boom", { headers: { "x-request-id": "req-2" } })).status, 500);
  const error = lines.find((l) => l.msg === "unhandled error");
  assert.equal(error?.requestId, "req-2");
  assert.equal(error?.level, "error");
  assert.equal(lines.find((l) => l.msg === "request")?.status, 500);
  const before = lines.length;
  await app.request("/healthz");
  assert.equal(lines.length, before);
});

test("at warn level a successful request writes nothing", async () => {
  const { app, lines } = build("warn");
  assert.equal((await app.request("/things/1")).status, 200);
  assert.deepEqual(lines, []);
});
