import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getCondition, isConditionTrue, removeCondition, setCondition } from "./conditions.ts";

const t0 = Date.UTC(2025, 0, 1, 12, 0, 0, 123);
const t1 = t0 + 60_000;

describe("setCondition", () => {
  it("adds a condition stamped with the transition time at seconds precision", () => {
    const list = setCondition(
      undefined,
      { type: "Ready", status: "False", reason: "Pending", observedGeneration: 1 },
      t0,
    );
    assert.deepEqual(list, [
      {
        type: "Ready",
        status: "False",
        reason: "Pending",
        message: "",
        observedGeneration: 1,
        lastTransitionTime: "2025-01-01T12:00:00Z",
      },
    ]);
  });

  it("keeps lastTransitionTime while the status stays, updating reason, message and generation", () => {
    const first = setCondition(
      [],
      { type: "Ready", status: "True", reason: "Reconciled", message: "ok", observedGeneration: 1 },
      t0,
    );
    const second = setCondition(
      first,
      { type: "Ready", status: "True", reason: "Scaled", message: "3 replicas", observedGeneration: 2 },
      t1,
    );
    assert.equal(second[0]?.lastTransitionTime, "2025-01-01T12:00:00Z");
    assert.equal(second[0]?.reason, "Scaled");
    assert.equal(second[0]?.observedGeneration, 2);
  });

  it("moves lastTransitionTime when the status changes", () => {
    const first = setCondition([], { type: "Ready", status: "True", reason: "Reconciled" }, t0);
    const second = setCondition(first, { type: "Ready", status: "False", reason: "Failed" }, t1);
    assert.equal(second[0]?.lastTransitionTime, "2025-01-01T12:01:00Z");
  });

  it("leaves other conditions and their order alone and does not mutate its input", () => {
    const base = setCondition(
      setCondition([], { type: "Ready", status: "True", reason: "A" }, t0),
      { type: "Suspended", status: "False", reason: "B" },
      t0,
    );
    const frozen = structuredClone(base);
    const next = setCondition(base, { type: "Ready", status: "False", reason: "C" }, t1);
    assert.deepEqual(base, frozen);
    assert.deepEqual(
      next.map((c) => c.type),
      ["Ready", "Suspended"],
    );
    assert.deepEqual(next[1], base[1]);
  });
});

describe("condition queries", () => {
  const list = setCondition([], { type: "Ready", status: "True", reason: "A" }, t0);
  it("finds, tests and removes by type", () => {
    assert.equal(getCondition(list, "Ready")?.reason, "A");
    assert.equal(getCondition(list, "Missing"), undefined);
    assert.equal(isConditionTrue(list, "Ready"), true);
    assert.equal(isConditionTrue(undefined, "Ready"), false);
    assert.deepEqual(removeCondition(list, "Ready"), []);
  });
});
