import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Counter } from "prom-client";
import { createMetrics } from "./metrics.ts";
import { type MetricsServer, startMetricsServer } from "./metrics-server.ts";

const metrics = createMetrics("test");
const scrapes = new Counter({ name: "test_things_total", help: "things", registers: [metrics.registry] });
let server: MetricsServer;
let base: string;
before(async () => {
  server = await startMetricsServer({ registry: metrics.registry, port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${server.port}`;
});
after(() => server.close());

test("serves the registry at /metrics over a real socket, in Prometheus text format", async () => {
  scrapes.inc(3);
  const res = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5_000) });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), metrics.registry.contentType);
  const text = await res.text();
  assert.match(text, /^test_things_total\{service="test"\} 3$/m);
  assert.match(text, /process_cpu_user_seconds_total/);
});

test("answers nothing but /metrics: other paths 404, other methods 405", async () => {
  const other = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
  assert.equal(other.status, 404);
  assert.doesNotMatch(await other.text(), /test_things_total/);
  const post = await fetch(`${base}/metrics`, { method: "POST", signal: AbortSignal.timeout(5_000) });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "GET, HEAD");
});

test("refuses a bad port at construction, and reports a port already taken", async () => {
  await assert.rejects(startMetricsServer({ registry: metrics.registry, port: 70_000 }), /port must be/);
  await assert.rejects(
    startMetricsServer({ registry: metrics.registry, port: server.port, host: "127.0.0.1" }),
    /EADDRINUSE/,
  );
});
