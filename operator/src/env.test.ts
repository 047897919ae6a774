import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEnv } from "@fincoach/config";
import { OperatorEnv, toOperatorConfig } from "./env.ts";

test("defaults: all namespaces, client-go lease timings, the in-cluster stats URL", () => {
  const config = toOperatorConfig(parseEnv("operator", OperatorEnv, { POD_NAME: "op-0" }));
  assert.equal(config.watchNamespace, undefined);
  assert.equal(config.identity, "op-0");
  assert.deepEqual(config.lease, {
    namespace: "default",
    name: "fincoach-operator",
    durationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
  });
  assert.equal(config.stats.urlTemplate, "http://{service}.{namespace}.svc:8080");
  assert.equal(config.requireAvailable, true);
  assert.equal(config.resyncMs, 600_000);
});

test("seconds may be fractional; booleans and one namespace parse", () => {
  const env = parseEnv("operator", OperatorEnv, {
    WATCH_NAMESPACE: "team-a",
    LEASE_RETRY_PERIOD_SECONDS: "0.5",
    ROLLOUT_REQUIRE_AVAILABLE: "false",
  });
  const config = toOperatorConfig(env);
  assert.equal(config.watchNamespace, "team-a");
  assert.equal(config.lease.retryPeriodMs, 500);
  assert.equal(config.requireAvailable, false);
});

test("every bad key is reported at once", () => {
  assert.throws(
    () => parseEnv("operator", OperatorEnv, { METRICS_PORT: "99999", LEASE_DURATION_SECONDS: "-1" }),
    (e: Error & { issues?: { key: string }[] }) => {
      assert.deepEqual(e.issues?.map((i) => i.key).sort(), ["LEASE_DURATION_SECONDS", "METRICS_PORT"]);
      return true;
    },
  );
});
