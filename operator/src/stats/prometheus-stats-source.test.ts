import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { ML_METRICS } from "@fincoach/contracts";
import { type PromSample, startPrometheus, type TestPrometheus } from "@fincoach/testing";
import { Counter, Histogram, Registry } from "prom-client";
import { querySingleValue } from "./prometheus-query.ts";
import { prometheusStatsSource } from "./prometheus-stats-source.ts";

const MODEL = "categorizer";
// Quote, backslash and newline: the query must escape them for Prometheus to match the series.
const ODD_VERSION = 'v"3\\\n';

/** The ML service's side of the contract: its metrics in a Registry, served on /metrics. */
const startExporter = async () => {
  const registry = new Registry();
  const metrics = {
    predictions: new Counter({ ...ML_METRICS.predictions, registers: [registry] }),
    errors: new Counter({ ...ML_METRICS.errors, registers: [registry] }),
    latency: new Histogram({ ...ML_METRICS.latency, registers: [registry] }),
    feedback: new Counter({ ...ML_METRICS.feedback, registers: [registry] }),
  };
  const server = createServer((_req, res) => {
    registry.metrics().then((body) => res.writeHead(200, { "content-type": registry.contentType }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // Every series exists at 0 before the first scrape, as the ML service's do once it loads a
  // version: increase() then counts from 0 instead of from the first value Prometheus saw.
  const serve = (version: string) => {
    const labels = { model: MODEL, version };
    metrics.predictions.inc(labels, 0);
    metrics.errors.inc(labels, 0);
    metrics.latency.zero(labels);
    metrics.feedback.inc({ ...labels, outcome: "accepted" }, 0);
    metrics.feedback.inc({ ...labels, outcome: "corrected" }, 0);
  };
  /** `n` predictions answered in `seconds`, `failed` of them failing. */
  const predict = (version: string, n: number, seconds: number, failed = 0) => {
    const labels = { model: MODEL, version };
    metrics.predictions.inc(labels, n);
    metrics.errors.inc(labels, failed);
    for (let i = 0; i < n; i++) metrics.latency.observe(labels, seconds);
  };
  const feedback = (version: string, outcome: "accepted" | "corrected", n: number) =>
    metrics.feedback.inc({ model: MODEL, version, outcome }, n);
  return { server, target: `127.0.0.1:${(server.address() as AddressInfo).port}`, serve, predict, feedback };
};

describe("prometheusStatsSource against a real Prometheus", () => {
  let prometheus: TestPrometheus;
  let ml: Awaited<ReturnType<typeof startExporter>>;
  let other: Awaited<ReturnType<typeof startExporter>>;
  /** The instant of the last scrape of `ml`: evaluated there, increase() does not extrapolate. */
  let lastScrape: Date;

  before(async () => {
    [ml, other] = await Promise.all([startExporter(), startExporter()]);
    for (const version of ["v2", ODD_VERSION]) ml.serve(version);
    other.serve("v2");
    // The static label plays Kubernetes service discovery's target label.
    prometheus = await startPrometheus({
      jobs: [
        { job: "ml-service", targets: [ml.target], labels: { namespace: "ml" } },
        { job: "ml-service-other", targets: [other.target], labels: { namespace: "other" } },
      ],
    });
    const bothScraped = (samples: PromSample[]) => samples.length === 2;
    await prometheus.waitFor(`${ML_METRICS.predictions.name}{version="v2"}`, bothScraped);

    // 196 fast answers and 4 slow ones: the p99 (the 198th of 200) is slow.
    ml.predict("v2", 196, 0.02, 5);
    ml.predict("v2", 4, 0.3, 2);
    ml.feedback("v2", "accepted", 40);
    ml.feedback("v2", "corrected", 10);
    ml.predict(ODD_VERSION, 3, 0.02);
    other.predict("v2", 1000, 0.02, 500);
    const driven = Date.now();

    // A scrape that began after the driving saw every final value at once.
    const after = await prometheus.waitFor(
      `timestamp(${ML_METRICS.predictions.name}{version="v2"})`,
      (s) => s.length === 2 && s.every((x) => x.value * 1000 > driven),
    );
    const mlSample = after.find((s) => s.metric.namespace === "ml");
    assert.ok(mlSample);
    lastScrape = new Date(mlSample.value * 1000);
  });

  after(async () => {
    await prometheus?.stop();
    for (const e of [ml, other]) e?.server.close();
  });

  const query = (version: string, namespace = "ml") => ({
    namespace,
    service: `${MODEL}-v2`,
    model: MODEL,
    version,
    window: "1m",
  });
  const source = (options: { namespaceLabel?: string; now?: () => Date; timeoutMs?: number } = {}) =>
    prometheusStatsSource({
      url: prometheus.url,
      timeoutMs: options.timeoutMs ?? 5_000,
      namespaceLabel: "namespace",
      now: () => lastScrape,
      ...options,
    });

  test("figures of a version, from the contract's metrics and PromQL", async () => {
    const stats = await source().get(query("v2"));
    assert.equal(stats.predictions, 200);
    assert.equal(stats.errors, 7);
    assert.equal(stats.errorRate, 7 / 200);
    assert.deepEqual(stats.feedback, { total: 50, accepted: 40 });
    assert.equal(stats.feedbackAcceptanceRate, 0.8);
    // The true p99 is 300 ms: Prometheus interpolates inside its bucket, (250 ms, 500 ms].
    assert.ok(
      stats.latencyP99Ms !== null && stats.latencyP99Ms > 250 && stats.latencyP99Ms <= 500,
      `${stats.latencyP99Ms}`,
    );
    assert.equal(stats.window, "1m");
    assert.equal(stats.windowSeconds, 60);
    assert.equal(stats.generatedAt, lastScrape.toISOString());
  });

  test("a label value with a quote, a backslash and a newline matches its series", async () => {
    const stats = await source().get(query(ODD_VERSION));
    assert.equal(stats.predictions, 3);
    assert.equal(stats.errorRate, 0);
    assert.ok(stats.latencyP99Ms !== null && stats.latencyP99Ms > 10 && stats.latencyP99Ms <= 25);
    assert.equal(stats.feedbackAcceptanceRate, null);
  });

  test("scoped by namespace: another namespace's same model and version do not add up", async () => {
    // The other target's scrapes are not aligned with lastScrape: evaluated now, where both
    // targets have their final samples, and with counts that may extrapolate upwards.
    const now = () => new Date();
    const scoped = await source({ now }).get(query("v2", "other"));
    assert.ok(scoped.predictions >= 1000 && scoped.predictions < 2000, `${scoped.predictions}`);
    assert.ok(scoped.errorRate !== null && Math.abs(scoped.errorRate - 0.5) < 0.005, `${scoped.errorRate}`);
    assert.equal(scoped.feedback.total, 0);
    const unscoped = await source({ now, namespaceLabel: undefined }).get(query("v2", "ml"));
    assert.ok(unscoped.predictions >= 1200, `${unscoped.predictions}`);
    assert.ok(unscoped.errorRate !== null && unscoped.errorRate > 0.3, `${unscoped.errorRate}`);
  });

  test("an unknown version has no samples: 0 predictions and null rates", async () => {
    const stats = await source().get(query("v9"));
    assert.equal(stats.predictions, 0);
    assert.equal(stats.errors, 0);
    assert.equal(stats.errorRate, null);
    assert.equal(stats.latencyP99Ms, null);
    assert.deepEqual(stats.feedback, { total: 0, accepted: 0 });
    assert.equal(stats.feedbackAcceptanceRate, null);
  });

  test("evaluated now, counts are extrapolated estimates but rates hold", async () => {
    const stats = await prometheusStatsSource({
      url: prometheus.url,
      timeoutMs: 5_000,
      namespaceLabel: "namespace",
    }).get(query("v2"));
    assert.ok(stats.predictions >= 200 && stats.predictions < 400, `${stats.predictions}`);
    assert.ok(stats.errorRate !== null && Math.abs(stats.errorRate - 0.035) < 0.005, `${stats.errorRate}`);
    assert.ok(
      stats.feedbackAcceptanceRate !== null && Math.abs(stats.feedbackAcceptanceRate - 0.8) < 0.02,
      `${stats.feedbackAcceptanceRate}`,
    );
  });

  test("Prometheus's error answers throw with its message", async () => {
    const ask = (promql: string) =>
      querySingleValue({ url: prometheus.url, promql, time: new Date(), timeoutMs: 5_000 });
    await assert.rejects(ask("sum(rate(x[1m]"), /prometheus bad_data for sum\(rate\(x\[1m\]: .*parse error/);
    await assert.rejects(ask(`${ML_METRICS.predictions.name}{version="v2"}`), /returned 2 series, expected one/);
    assert.ok(Number.isNaN(await ask("vector(0) / 0")));
  });

  test("a Prometheus that does not answer in time fails the check", async () => {
    process.kill(prometheus.pid, "SIGSTOP");
    try {
      await assert.rejects(source({ timeoutMs: 300 }).get(query("v2")), /timeout|aborted/i);
    } finally {
      process.kill(prometheus.pid, "SIGCONT");
    }
  });

  test("a Prometheus that is down fails the check", async () => {
    await prometheus.stop();
    await assert.rejects(source().get(query("v2")), /fetch failed/);
  });
});
