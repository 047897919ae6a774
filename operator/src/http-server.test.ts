import assert from "node:assert/strict";
import { test } from "node:test";
import { createHttpApp } from "./http-server.ts";
import { createOperatorMetrics, instrumentReconcile } from "./metrics.ts";

test("/readyz follows readiness; /healthz is always ok", async () => {
  let synced = false;
  const { registry } = createOperatorMetrics();
  const app = createHttpApp({ registry, ready: () => synced, isLeader: () => false });
  assert.equal((await app.request("/healthz")).status, 200);
  assert.equal((await app.request("/readyz")).status, 503);
  synced = true;
  assert.deepEqual(await (await app.request("/readyz")).json(), { status: "ready", leader: false });
});

test("/metrics counts reconciles by result and errors, and times them", async () => {
  const metrics = createOperatorMetrics();
  const request = { key: "ns/a", namespace: "ns", name: "a" };
  await instrumentReconcile(metrics, "syncschedule", async () => ({}))(request);
  await instrumentReconcile(metrics, "syncschedule", async () => ({ requeueAfterMs: 5 }))(request);
  await assert.rejects(
    instrumentReconcile(metrics, "syncschedule", async () => {
      throw new Error("boom");
    })(request),
  );
  metrics.isLeader.set(1);
  const app = createHttpApp({ registry: metrics.registry, ready: () => true, isLeader: () => true });
  const text = await (await app.request("/metrics")).text();
  for (const result of ["success", "requeue", "error"]) {
    assert.match(
      text,
      new RegExp(`fincoach_operator_reconciles_total\\{controller="syncschedule",result="${result}"[^}]*\\} 1`),
    );
  }
  assert.match(text, /fincoach_operator_reconcile_errors_total\{controller="syncschedule"[^}]*\} 1/);
  assert.match(text, /fincoach_operator_reconcile_duration_seconds_count\{[^}]*controller="syncschedule"[^}]*\} 3/);
  assert.match(text, /fincoach_operator_is_leader\{[^}]*\} 1/);
});
