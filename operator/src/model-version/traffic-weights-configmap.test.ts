import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseTrafficWeights, type TrafficWeights } from "@fincoach/contracts";
import { modelVersion } from "./model-version-fixture.ts";
import { nextTrafficWeights, trafficWeightsConfigMap } from "./traffic-weights-configmap.ts";

const now = new Date("2025-01-01T00:00:00Z");
const v = (version: string, weight: number, champion: boolean) => ({
  version,
  weight,
  service: `categorizer-${version}`,
  champion,
});
const current: TrafficWeights = {
  models: { categorizer: { versions: [v("v1", 100, true)] }, fraud: { versions: [v("v7", 100, true)] } },
  updatedAt: "2024-12-31T00:00:00Z",
};

describe("nextTrafficWeights", () => {
  test("replaces only this model's entry and stamps updatedAt", () => {
    const next = nextTrafficWeights(current, "categorizer", [v("v1", 80, true), v("v2", 20, false)], now);
    assert.deepEqual(next?.models.fraud, current.models.fraud);
    assert.deepEqual(
      next?.models.categorizer?.versions.map((x) => x.weight),
      [80, 20],
    );
    assert.equal(next?.updatedAt, "2025-01-01T00:00:00Z");
  });

  test("unchanged routing is no write (undefined), whatever the order", () => {
    assert.equal(nextTrafficWeights(current, "categorizer", [v("v1", 100, true)], now), undefined);
  });

  test("a model with nothing serving is dropped; a first document is created", () => {
    assert.deepEqual(Object.keys(nextTrafficWeights(current, "categorizer", [], now)?.models ?? {}), ["fraud"]);
    assert.deepEqual(nextTrafficWeights(undefined, "fraud", [], now), {
      models: {},
      updatedAt: "2025-01-01T00:00:00Z",
    });
  });
});

test("the ConfigMap renders the contract and is owned (not controlled) by every live version, once each", () => {
  const a = modelVersion({}, { name: "categorizer-v1", uid: "u1" });
  const b = modelVersion({}, { name: "categorizer-v2", uid: "u2" });
  const cm = trafficWeightsConfigMap("ml", current, [b, a, b]);
  assert.equal(cm.metadata?.name, "fincoach-model-traffic");
  assert.deepEqual(
    cm.metadata?.ownerReferences?.map((r) => [r.name, r.controller, r.blockOwnerDeletion]),
    [
      ["categorizer-v1", false, false],
      ["categorizer-v2", false, false],
    ],
  );
  assert.deepEqual(parseTrafficWeights(cm.data).models, current.models);
});
