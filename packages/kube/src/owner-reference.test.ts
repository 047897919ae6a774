import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ownerKeys } from "./controller.ts";
import { objectKey, parseObjectKey } from "./object-key.ts";
import { controllerOf, ownerReference } from "./owner-reference.ts";

const owner = {
  apiVersion: "fincoach.dev/v1alpha1",
  kind: "SyncSchedule",
  metadata: { name: "daily", namespace: "ns", uid: "u-1" },
};

describe("ownerReference", () => {
  it("points at the owner as its controller, blocking owner deletion", () => {
    assert.deepEqual(ownerReference(owner), {
      apiVersion: "fincoach.dev/v1alpha1",
      kind: "SyncSchedule",
      name: "daily",
      uid: "u-1",
      controller: true,
      blockOwnerDeletion: true,
    });
  });

  it("refuses an owner without a uid (not read back from the apiserver)", () => {
    assert.throws(() => ownerReference({ ...owner, metadata: { name: "daily" } }), /uid/);
  });

  it("maps a child back to its controller's key, by kind and group", () => {
    const child = { metadata: { name: "daily-worker", namespace: "ns", ownerReferences: [ownerReference(owner)] } };
    assert.equal(controllerOf(child, "SyncSchedule")?.name, "daily");
    assert.deepEqual(ownerKeys(child, "SyncSchedule", "fincoach.dev/v1beta1"), ["ns/daily"]);
    assert.deepEqual(ownerKeys(child, "SyncSchedule", "other.dev/v1alpha1"), []);
    assert.deepEqual(ownerKeys(child, "ModelVersion"), []);
  });
});

describe("object keys", () => {
  it("round-trips namespaced and cluster-scoped keys", () => {
    assert.equal(objectKey({ metadata: { name: "a", namespace: "n" } }), "n/a");
    assert.equal(objectKey({ metadata: { name: "a" } }), "a");
    assert.deepEqual(parseObjectKey("n/a"), { namespace: "n", name: "a" });
    assert.deepEqual(parseObjectKey("a"), { namespace: "", name: "a" });
  });
});
