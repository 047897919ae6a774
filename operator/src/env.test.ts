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
  assert.deepEqual(config.stats, {
    source: "http",
    urlTemplate: "http://{service}.{namespace}.svc:8080",
    timeoutMs: 5_000,
  });
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

test("STATS_SOURCE=prometheus reads PROMETHEUS_URL, scoped by the namespace label unless it is empty", () => {
  const env = { STATS_SOURCE: "prometheus", PROMETHEUS_URL: "http://prometheus.monitoring.svc:9090" };
  assert.deepEqual(toOperatorConfig(parseEnv("operator", OperatorEnv, { ...env, STATS_TIMEOUT_SECONDS: "2" })).stats, {
    source: "prometheus",
    url: "http://prometheus.monitoring.svc:9090",
    namespaceLabel: "namespace",
    timeoutMs: 2_000,
  });
  assert.deepEqual(
    toOperatorConfig(parseEnv("operator", OperatorEnv, { ...env, PROMETHEUS_NAMESPACE_LABEL: "" })).stats,
    {
      source: "prometheus",
      url: "http://prometheus.monitoring.svc:9090",
      namespaceLabel: undefined,
      timeoutMs: 5_000,
    },
  );
});

test("STATS_SOURCE=prometheus without PROMETHEUS_URL names the key, alongside other bad keys", () => {
  assert.throws(
    () => parseEnv("operator", OperatorEnv, { STATS_SOURCE: "prometheus", WORKERS: "0" }),
    (e: Error & { issues?: { key: string; message: string }[] }) => {
      assert.deepEqual(e.issues?.map((i) => i.key).sort(), ["PROMETHEUS_URL", "WORKERS"]);
      assert.match(e.message, /PROMETHEUS_URL: required when STATS_SOURCE=prometheus/);
      return true;
    },
  );
  assert.throws(
    () => parseEnv("operator", OperatorEnv, { STATS_SOURCE: "graphite" }),
    (e: Error & { issues?: { key: string }[] }) => {
      assert.deepEqual(
        e.issues?.map((i) => i.key),
        ["STATS_SOURCE"],
      );
      return true;
    },
  );
  assert.throws(
    () => parseEnv("operator", OperatorEnv, { STATS_SOURCE: "prometheus", PROMETHEUS_URL: "prometheus:9090" }),
    /PROMETHEUS_URL: must be an http\(s\):\/\/ URL/,
  );
  assert.throws(
    () => parseEnv("operator", OperatorEnv, { PROMETHEUS_NAMESPACE_LABEL: "k8s-namespace" }),
    /PROMETHEUS_NAMESPACE_LABEL: must be a Prometheus label name or empty/,
  );
  // The HTTP source needs no Prometheus.
  assert.equal(toOperatorConfig(parseEnv("operator", OperatorEnv, {})).stats.source, "http");
});
