import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ContractError } from "./contract-error.ts";
import {
  parseTrafficWeights,
  renderTrafficWeights,
  sameTrafficWeights,
  TRAFFIC_WEIGHTS_KEY,
  type TrafficWeights,
} from "./traffic-weights.ts";

const canary: TrafficWeights = {
  models: {
    categorizer: {
      versions: [
        { version: "v2", weight: 10, service: "categorizer-v2", champion: false },
        { version: "v1", weight: 90, service: "categorizer-v1", champion: true },
      ],
    },
    "merchant-namer": { versions: [{ version: "v1", weight: 0, service: "merchant-namer-v1", champion: false }] },
  },
  updatedAt: "2025-01-31T02:00:00Z",
};

const withVersions = (versions: TrafficWeights["models"][string]["versions"]): TrafficWeights => ({
  models: { categorizer: { versions } },
  updatedAt: "2025-01-31T02:00:00Z",
});

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ContractError);
    return e.issues.map((i) => i.path);
  }
  assert.fail("expected a ContractError");
};

describe("traffic weights: valid", () => {
  it("round-trips through render and parse", () => {
    const data = renderTrafficWeights(canary);
    assert.deepEqual(Object.keys(data), [TRAFFIC_WEIGHTS_KEY]);
    assert.ok(sameTrafficWeights(parseTrafficWeights(data), canary));
  });

  it("renders the same bytes whatever the input order (champion first, models sorted)", () => {
    const reordered = { ...canary, models: { "merchant-namer": canary.models["merchant-namer"]!, ...canary.models } };
    assert.equal(
      renderTrafficWeights(reordered)[TRAFFIC_WEIGHTS_KEY],
      renderTrafficWeights(canary)[TRAFFIC_WEIGHTS_KEY],
    );
    const parsed = JSON.parse(renderTrafficWeights(canary)[TRAFFIC_WEIGHTS_KEY]!);
    assert.deepEqual(Object.keys(parsed.models), ["categorizer", "merchant-namer"]);
    assert.equal(parsed.models.categorizer.versions[0].version, "v1");
  });

  it("accepts a model whose versions all have weight 0 (nothing serves)", () => {
    assert.doesNotThrow(() => renderTrafficWeights(withVersions([])));
  });

  it("sameTrafficWeights ignores updatedAt but not weights", () => {
    assert.ok(sameTrafficWeights(canary, { ...canary, updatedAt: "2026-01-01T00:00:00Z" }));
    const stepped = withVersions([
      { version: "v1", weight: 80, service: "categorizer-v1", champion: true },
      { version: "v2", weight: 20, service: "categorizer-v2", champion: false },
    ]);
    assert.ok(!sameTrafficWeights(canary, stepped));
  });
});

describe("traffic weights: invalid", () => {
  it("rejects weights that do not sum to 100", () => {
    const bad = withVersions([
      { version: "v1", weight: 80, service: "categorizer-v1", champion: true },
      { version: "v2", weight: 10, service: "categorizer-v2", champion: false },
    ]);
    assert.deepEqual(
      fieldsOf(() => renderTrafficWeights(bad)),
      ["models.categorizer.versions"],
    );
  });

  it("rejects a weight over 100, a fractional weight and a bad service name", () => {
    const bad = withVersions([
      { version: "v1", weight: 101, service: "Categorizer_V1", champion: true },
      { version: "v2", weight: 0.5, service: "categorizer-v2", champion: false },
    ]);
    const paths = fieldsOf(() => renderTrafficWeights(bad));
    assert.ok(paths.includes("models.categorizer.versions.0.weight"));
    assert.ok(paths.includes("models.categorizer.versions.0.service"));
    assert.ok(paths.includes("models.categorizer.versions.1.weight"));
  });

  it("rejects two champions and duplicate versions", () => {
    const two = withVersions([
      { version: "v1", weight: 50, service: "categorizer-v1", champion: true },
      { version: "v1", weight: 50, service: "categorizer-v1b", champion: true },
    ]);
    assert.throws(() => renderTrafficWeights(two), /at most one champion.*versions must be unique/);
  });

  it("names a missing key, broken JSON and a missing updatedAt", () => {
    assert.throws(() => parseTrafficWeights(undefined), /weights\.json: missing key/);
    assert.throws(() => parseTrafficWeights({ [TRAFFIC_WEIGHTS_KEY]: "{" }), /not JSON/);
    assert.deepEqual(
      fieldsOf(() => parseTrafficWeights({ [TRAFFIC_WEIGHTS_KEY]: '{"models":{}}' })),
      ["updatedAt"],
    );
  });
});
