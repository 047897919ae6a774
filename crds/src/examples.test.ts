import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { ModelVersion } from "./model-version.ts";
import { SyncSchedule } from "./sync-schedule.ts";

const dir = join(import.meta.dirname, "..", "examples");
const load = (file: string): unknown => parse(readFileSync(join(dir, file), "utf8"));

describe("crds/examples", () => {
  it("holds the three documented examples", () => {
    assert.deepEqual(readdirSync(dir).sort(), [
      "model-version-v1.yaml",
      "model-version-v2-canary.yaml",
      "sync-schedule-nightly.yaml",
    ]);
  });

  it("sync-schedule-nightly.yaml is a valid SyncSchedule, defaults filled in", () => {
    const s = SyncSchedule.parse(load("sync-schedule-nightly.yaml"));
    assert.equal(s.spec.schedule, "0 2 * * *");
    assert.equal(s.spec.workers.maxReplicas, 8);
    assert.equal(s.spec.suspend, false);
    assert.deepEqual(s.spec.userSelector, {});
  });

  it("model-version-v1.yaml is a valid ModelVersion with the default rollout", () => {
    const m = ModelVersion.parse(load("model-version-v1.yaml"));
    assert.equal(m.spec.rollout.stepWeight, 10);
    assert.equal(m.spec.rollout.thresholds.maxErrorRate, 0.05);
  });

  it("model-version-v2-canary.yaml is a valid ModelVersion of the same model", () => {
    const m = ModelVersion.parse(load("model-version-v2-canary.yaml"));
    assert.equal(m.spec.model, "categorizer");
    assert.equal(m.spec.artifact.format, "onnx");
    assert.equal(m.spec.rollout.threshold, 3);
  });
});
