import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ML_METRICS, mlStatsQueries, promqlDuration, promqlString } from "./ml-metrics.ts";

describe("ML service metrics", () => {
  it("names counters with _total and the latency histogram in seconds, labelled by model and version", () => {
    assert.match(ML_METRICS.predictions.name, /_total$/);
    assert.match(ML_METRICS.errors.name, /_total$/);
    assert.match(ML_METRICS.feedback.name, /_total$/);
    assert.match(ML_METRICS.latency.name, /_seconds$/);
    for (const metric of Object.values(ML_METRICS))
      assert.deepEqual(metric.labelNames.slice(0, 2), ["model", "version"]);
    assert.deepEqual(
      ML_METRICS.latency.buckets,
      [...ML_METRICS.latency.buckets].sort((a, b) => a - b),
    );
  });

  it("builds one query per figure over the window", () => {
    const q = mlStatsQueries({ model: "categorizer", version: "v2", window: "5m" });
    const sel = '{model="categorizer",version="v2"}[5m]';
    assert.equal(q.predictions, `sum(increase(fincoach_ml_predictions_total${sel}))`);
    assert.equal(q.errors, `sum(increase(fincoach_ml_prediction_errors_total${sel}))`);
    assert.equal(
      q.latencyP99Seconds,
      `histogram_quantile(0.99, sum by (le) (rate(fincoach_ml_prediction_duration_seconds_bucket${sel})))`,
    );
    assert.equal(q.feedbackTotal, `sum(increase(fincoach_ml_feedback_total${sel}))`);
    assert.equal(
      q.feedbackAccepted,
      'sum(increase(fincoach_ml_feedback_total{model="categorizer",version="v2",outcome="accepted"}[5m]))',
    );
  });

  it("adds the scope's target labels after model and version", () => {
    const q = mlStatsQueries({ model: "m", version: "v", window: "30s", scope: { namespace: "ml" } });
    assert.equal(
      q.predictions,
      'sum(increase(fincoach_ml_predictions_total{model="m",version="v",namespace="ml"}[30s]))',
    );
    assert.throws(
      () => mlStatsQueries({ model: "m", version: "v", window: "30s", scope: { "bad-name": "x" } }),
      /label name/,
    );
    assert.throws(
      () => mlStatsQueries({ model: "m", version: "v", window: "30s", scope: { version: "x" } }),
      /own label/,
    );
  });

  it("escapes label values so they cannot end the string literal", () => {
    assert.equal(promqlString("plain"), '"plain"');
    assert.equal(promqlString('v"2'), '"v\\"2"');
    assert.equal(promqlString("a\\b"), '"a\\\\b"');
    assert.equal(promqlString('x\\"} or up{y="'), '"x\\\\\\"} or up{y=\\""');
    assert.equal(promqlString("l1\nl2\tz\r"), '"l1\\nl2\\tz\\r"');
    assert.equal(promqlString("\u0000\u007f"), '"\\x00\\x7f"');
    assert.equal(promqlString("größe"), '"größe"');
    // Whatever the value, the literal is the only string in the query: one unescaped quote pair.
    const q = mlStatsQueries({ model: 'm"}', version: "v\\", window: "1m" }).predictions;
    assert.equal(q, 'sum(increase(fincoach_ml_predictions_total{model="m\\"}",version="v\\\\"}[1m]))');
  });

  it("writes windows in PromQL's unit order and rejects what is not a duration", () => {
    assert.equal(promqlDuration("5m"), "5m");
    assert.equal(promqlDuration("90s"), "1m30s");
    assert.equal(promqlDuration("30s1m"), "1m30s");
    assert.equal(promqlDuration("1h1500ms"), "1h1s500ms");
    assert.throws(() => promqlDuration("0s"));
    assert.throws(() => mlStatsQueries({ model: "m", version: "v", window: "5 minutes" }));
  });
});
