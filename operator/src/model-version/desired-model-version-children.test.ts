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
    const env = Object.fromEntries((container?.env ?? []).filter((e) => !e.valueFrom).map((e) => [e.name, e.value]));
    assert.deepEqual(env, {
      NODE_ENV: "production",
      TRAINING_WORKER: "false",
      RETRAIN_SWEEP_SECONDS: "0",
      MODEL_NAME: "categorizer",
      MODEL_VERSION: "v2",
      MODEL_ARTIFACT_URI: `pg://model-artifacts/${"a".repeat(64)}`,
      MODEL_ARTIFACT_SHA256: "a".repeat(64),
      MODEL_ARTIFACT_FORMAT: "onnx",
      MODEL_LABELS: '["groceries","rent"]',
      PORT: "8080",
      METRICS_PORT: "9464",
    });
    // /metrics apart from the traffic port, on the port the chart's model-server PodMonitor names.
    assert.deepEqual(container?.ports, [
      { name: "http", containerPort: 8080 },
      { name: "metrics", containerPort: 9464 },
    ]);
    assert.equal(deployment.spec?.replicas, 3);
    assert.deepEqual(container?.resources, { requests: { cpu: "250m" }, limits: { memory: "1Gi" } });
    assert.equal(container?.readinessProbe?.httpGet?.path, "/readyz");
  });

  test("the pods read DATABASE_URL and REDIS_URL from the Secret the operator is told (the chart's)", () => {
    const own = desiredModelVersionChildren(mv, undefined, { secretName: "release-secret" }).deployment;
    const fromSecret = (d: typeof deployment) =>
      (d.spec?.template.spec?.containers[0]?.env ?? []).filter((e) => e.valueFrom);
    assert.deepEqual(fromSecret(own), [
      { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "release-secret", key: "DATABASE_URL" } } },
      { name: "REDIS_URL", valueFrom: { secretKeyRef: { name: "release-secret", key: "REDIS_URL" } } },
    ]);
    // Without one: the chart's default secretName.
    assert.deepEqual(
      fromSecret(deployment).map((e) => e.valueFrom?.secretKeyRef?.name),
      ["fincoach", "fincoach"],
    );
  });

  test("the pod is Pod Security restricted like the chart's: non-root uid 1000, no capabilities, read-only root with a /tmp", () => {
    const pod = deployment.spec?.template.spec;
    assert.deepEqual(pod?.securityContext, {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.equal(pod?.automountServiceAccountToken, false);
    const container = pod?.containers[0];
    assert.deepEqual(container?.securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.deepEqual(container?.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
    assert.deepEqual(pod?.volumes, [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
    assert.equal(container?.startupProbe?.httpGet?.path, "/healthz");
    assert.equal(container?.livenessProbe?.httpGet?.path, "/healthz");
    assert.equal(container?.startupProbe?.httpGet?.port, "http");
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
