import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pickVersion, userBucket } from "./pick-version.ts";
import type { TrafficWeights } from "./traffic-weights.ts";

const weights = (v1: number, v2: number): TrafficWeights => ({
  models: {
    categorizer: {
      versions: [
        { version: "v2", weight: v2, service: "categorizer-v2", champion: false },
        { version: "v1", weight: v1, service: "categorizer-v1", champion: true },
      ],
    },
  },
  updatedAt: "2025-01-31T02:00:00Z",
});
const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
const countOn = (w: TrafficWeights, version: string) =>
  ids.filter((id) => pickVersion(w, "categorizer", id)?.version === version).length;

describe("pickVersion", () => {
  it("is deterministic: the same user always gets the same version", () => {
    const w = weights(70, 30);
    for (const id of ids.slice(0, 500))
      assert.equal(pickVersion(w, "categorizer", id), pickVersion(w, "categorizer", id));
    assert.equal(userBucket("categorizer", "user-1"), userBucket("categorizer", "user-1"));
  });

  it("splits 10,000 users roughly in proportion to the weights", () => {
    for (const [v1, v2] of [
      [90, 10],
      [50, 50],
      [25, 75],
    ] as const) {
      const onV2 = countOn(weights(v1, v2), "v2");
      assert.ok(Math.abs(onV2 - v2 * 100) < 300, `v2 at ${v2}% got ${onV2} of 10,000`);
    }
  });

  it("spreads buckets evenly (every bucket within 40% of the mean)", () => {
    const counts = new Array<number>(100).fill(0);
    for (const id of ids) counts[userBucket("categorizer", id)]! += 1;
    assert.ok(
      counts.every((c) => c > 60 && c < 140),
      JSON.stringify(counts),
    );
  });

  it("keeps every canary user on the canary when its weight steps up", () => {
    const at10 = ids.filter((id) => pickVersion(weights(90, 10), "categorizer", id)?.version === "v2");
    const w20 = weights(80, 20);
    assert.ok(at10.every((id) => pickVersion(w20, "categorizer", id)?.version === "v2"));
  });

  it("answers null for an unknown model or a model with no weight", () => {
    assert.equal(pickVersion(weights(100, 0), "other", "user-1"), null);
    assert.equal(pickVersion(weights(0, 0), "categorizer", "user-1"), null);
    assert.equal(pickVersion(weights(100, 0), "categorizer", "user-1")?.service, "categorizer-v1");
  });

  it("buckets a user independently per model", () => {
    const same = ids.filter((id) => userBucket("categorizer", id) === userBucket("merchant-namer", id)).length;
    assert.ok(same < 300, `${same} users share a bucket across models`);
  });
});
