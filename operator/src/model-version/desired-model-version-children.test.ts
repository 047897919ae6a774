import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { desiredModelVersionChildren } from "./desired-model-version-children.ts";
import { modelVersion } from "./model-version-fixture.ts";

const mv = modelVersion({ replicas: 3, resources: { requests: { cpu: "250m" }, limits: { memory: "1Gi" } } });

describe("desiredModelVersionChildren", () => {
  const { deployment, service } = desiredModelVersionChildren(mv);

  test("both children are named like the version and owned by it", () => {
    const owner = {
      apiVersion: "fincoach.dev/v1alpha1",
      kind: "ModelVersion",
      name: "categorizer-v2",
      uid: "uid-mv",
      controller: true,
      blockOwnerDeletion: true,
    };
    for (const child of [deployment, service]) {
      assert.equal(child.metadata?.name, "categorizer-v2");
      assert.equal(child.metadata?.namespace, "ml");
      assert.deepEqual(child.metadata?.ownerReferences, [owner]);
      assert.equal(child.metadata?.labels?.["fincoach.dev/model"], "categorizer");
      assert.equal(child.metadata?.labels?.["fincoach.dev/version"], "v2");
    }
  });

  test("the Deployment runs the ML image pointed at the artifact URI and digest", () => {
    const container = deployment.spec?.template.spec?.containers[0];
    assert.equal(container?.image, "ghcr.io/fincoach/ml:1");
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    assert.deepEqual(env, {
      MODEL_NAME: "categorizer",
      MODEL_VERSION: "v2",
      MODEL_ARTIFACT_URI: "s3://models/categorizer/v2.onnx",
      MODEL_ARTIFACT_SHA256: "a".repeat(64),
      MODEL_ARTIFACT_FORMAT: "onnx",
      MODEL_LABELS: '["groceries","rent"]',
      PORT: "8080",
    });
    assert.equal(deployment.spec?.replicas, 3);
    assert.deepEqual(container?.resources, { requests: { cpu: "250m" }, limits: { memory: "1Gi" } });
    assert.equal(container?.readinessProbe?.httpGet?.path, "/readyz");
  });

  test("the Service selects exactly the Deployment's pods on the http port", () => {
    const podLabels = deployment.spec?.template.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(service.spec?.selector ?? {})) assert.equal(podLabels[k], v);
    assert.deepEqual(service.spec?.selector, deployment.spec?.selector.matchLabels);
    assert.deepEqual(service.spec?.ports, [{ name: "http", port: 8080, targetPort: "http" }]);
  });

  test("superseded, rolled-back and failed versions scale to zero; the others keep their replicas", () => {
    for (const phase of ["Superseded", "RolledBack", "Failed"] as const) {
      assert.equal(desiredModelVersionChildren(mv, phase).deployment.spec?.replicas, 0, phase);
    }
    for (const phase of ["Serving", "Promoted", "Progressing", "Queued", undefined] as const) {
      assert.equal(desiredModelVersionChildren(mv, phase).deployment.spec?.replicas, 3, String(phase));
    }
  });
});
