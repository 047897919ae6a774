import assert from "node:assert/strict";
import { test } from "node:test";
import { PredictionWindow, quantile } from "./prediction-window.ts";

test("quantile is the nearest rank: the smallest value with at least q of the values at or below it", () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(quantile(values, 0.99), 99);
  assert.equal(quantile(values, 0.5), 50);
  assert.equal(quantile([7], 0.99), 7);
  assert.equal(quantile([], 0.99), null);
});

test("the window counts only the trailing seconds asked for, and forgets past the retention", () => {
  let now = 1_000_000;
  const w = new PredictionWindow(60_000, () => now);
  w.record(10, 5, false);
  now += 30_000;
  w.record(2, 50, true);
  assert.deepEqual(w.counts(10_000), { predictions: 2, errors: 2, latencyP99Ms: 50 });
  assert.deepEqual(w.counts(60_000), { predictions: 12, errors: 2, latencyP99Ms: 50 });
  now += 45_000;
  w.record(1, 1, false);
  // The first call is 75 s old: past the 60 s retention, even when a longer window is asked.
  assert.deepEqual(w.counts(3_600_000), { predictions: 3, errors: 2, latencyP99Ms: 50 });
});

test("past 1,000 calls in one second the latencies are sampled, the counts stay exact", () => {
  const w = new PredictionWindow(60_000, () => 5_000);
  // The slow tenth arrives last: a sample that kept only the first 1,000 calls would miss it.
  for (let i = 0; i < 5000; i++) w.record(1, i < 4500 ? 1 : 1000, false);
  const counts = w.counts(60_000);
  assert.equal(counts.predictions, 5000);
  assert.equal(counts.latencyP99Ms, 1000);
});
