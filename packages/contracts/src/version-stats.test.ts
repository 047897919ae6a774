import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildVersionStats, parseVersionStats, statsPath } from "./version-stats.ts";

const now = new Date("2025-01-31T02:00:00Z");
const counts = {
  model: "categorizer",
  version: "v2",
  window: "5m",
  predictions: 200,
  errors: 3,
  latencyP99Ms: 42.5,
  feedbackTotal: 50,
  feedbackAccepted: 45,
  now,
};

describe("version stats", () => {
  it("builds the path with the window as a query parameter", () => {
    assert.equal(statsPath("categorizer", "v2", "1m"), "/v1/models/categorizer/versions/v2/stats?window=1m");
    assert.throws(() => statsPath("categorizer", "v2", "soon"));
  });

  it("derives rates and window seconds from counts", () => {
    const s = buildVersionStats(counts);
    assert.equal(s.windowSeconds, 300);
    assert.equal(s.errorRate, 0.015);
    assert.equal(s.feedbackAcceptanceRate, 0.9);
    assert.equal(s.generatedAt, "2025-01-31T02:00:00.000Z");
    assert.deepEqual(parseVersionStats(JSON.parse(JSON.stringify(s))), s);
  });

  it("uses null (no data), not 0, when there are no predictions or no feedback", () => {
    const s = buildVersionStats({ ...counts, predictions: 0, errors: 0, feedbackTotal: 0, feedbackAccepted: 0 });
    assert.equal(s.errorRate, null);
    assert.equal(s.latencyP99Ms, null);
    assert.equal(s.feedbackAcceptanceRate, null);
  });

  it("rejects inconsistent bodies, naming the field", () => {
    const good = buildVersionStats(counts);
    assert.throws(() => parseVersionStats({ ...good, errors: 201 }), /errors: errors exceed predictions/);
    assert.throws(() => parseVersionStats({ ...good, errorRate: null }), /errorRate:/);
    assert.throws(() => parseVersionStats({ ...good, errorRate: 1.5 }), /errorRate:/);
    assert.throws(() => parseVersionStats({ ...good, feedback: { total: 1, accepted: 2 } }), /feedback\.accepted:/);
    assert.throws(() => parseVersionStats({ ...good, window: "5 minutes" }), /window:/);
    assert.throws(() => parseVersionStats({ ...good, generatedAt: "yesterday" }), /generatedAt:/);
  });
});
