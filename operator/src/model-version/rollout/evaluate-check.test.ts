import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateCheck } from "./evaluate-check.ts";
import { stats } from "./rollout-test-support.ts";

const gates = { minSamples: 100, maxErrorRate: 0.05, maxLatencyP99Ms: 500 };

describe("evaluateCheck", () => {
  test("passes when every gate holds, with the figures for status", () => {
    const v = evaluateCheck(gates, stats({ predictions: 200, errors: 2, p99: 300, fb: [4, 3] }));
    assert.equal(v.passed, true);
    assert.equal(v.reason, "CheckPassed");
    assert.deepEqual(v.figures, { samples: 200, errorRate: 0.01, latencyP99Ms: 300, feedbackAcceptanceRate: 0.75 });
  });

  test("no stats at all fails (the stats source is down)", () => {
    const v = evaluateCheck(gates, { ok: false, error: "ECONNREFUSED" });
    assert.deepEqual([v.passed, v.reason], [false, "StatsUnavailable"]);
    assert.match(v.message, /ECONNREFUSED/);
  });

  test("no predictions fails even with minSamples 0: no data is not a pass", () => {
    const v = evaluateCheck({ ...gates, minSamples: 0 }, stats({ predictions: 0, errors: 0 }));
    assert.deepEqual([v.passed, v.reason], [false, "NoData"]);
    assert.deepEqual(v.figures, { samples: 0, feedbackAcceptanceRate: 0.9 });
  });

  test("too few samples fails", () => {
    const v = evaluateCheck(gates, stats({ predictions: 99, errors: 0 }));
    assert.deepEqual([v.passed, v.reason], [false, "InsufficientSamples"]);
  });

  test("exactly at each threshold passes; just past it fails", () => {
    assert.equal(evaluateCheck(gates, stats({ predictions: 100, errors: 5, p99: 500 })).passed, true);
    assert.equal(evaluateCheck(gates, stats({ predictions: 100, errors: 6 })).reason, "ErrorRateExceeded");
    assert.equal(evaluateCheck(gates, stats({ p99: 501 })).reason, "LatencyExceeded");
  });

  test("feedback acceptance is checked only when a minimum is set; then no feedback fails", () => {
    assert.equal(evaluateCheck(gates, stats({ fb: [0, 0] })).passed, true);
    const strict = { ...gates, minFeedbackAcceptance: 0.8 };
    assert.equal(evaluateCheck(strict, stats({ fb: [0, 0] })).reason, "NoFeedback");
    assert.equal(evaluateCheck(strict, stats({ fb: [10, 7] })).reason, "FeedbackAcceptanceTooLow");
    assert.equal(evaluateCheck(strict, stats({ fb: [10, 8] })).passed, true);
  });
});
