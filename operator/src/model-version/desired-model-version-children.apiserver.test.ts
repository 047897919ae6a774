/**
 * The Deployment the operator applies per ModelVersion is accepted by a real kube-apiserver
 * (packages/testing) in a namespace that enforces Pod Security "restricted", as the chart's
 * pods are (cdk8s/src/apiserver-dry-run.test.ts): a server-side dry run runs admission,
 * validation and defaulting without storing.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type ControlPlane, startControlPlane } from "@fincoach/testing";
import { desiredModelVersionChildren } from "./desired-model-version-children.ts";
import { modelVersion } from "./model-version-fixture.ts";

const NS = "ml";
let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane({ startTimeoutMs: 120_000 });
  for (const args of [
    ["create", "namespace", NS],
    [
      "label",
      "namespace",
      NS,
      "pod-security.kubernetes.io/enforce=restricted",
      "pod-security.kubernetes.io/warn=restricted",
    ],
  ]) {
    const r = await cp.kubectl(args);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => cp?.stop());

// No ownerReferences: the owner does not exist here, and the dry run would not look it up anyway.
const children = () => {
  const { deployment, service } = desiredModelVersionChildren(
    modelVersion({ replicas: 2, resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } } }),
    undefined,
    { secretName: "fincoach" },
  );
  for (const o of [deployment, service]) o.metadata = { ...o.metadata, ownerReferences: [] };
  return { deployment, service };
};

const dryRun = (objects: unknown[]) =>
  cp.kubectl(["apply", "--server-side", "--dry-run=server", "-f", "-"], {
    input: JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }),
  });

test('a version\'s Deployment and Service pass validation and Pod Security "restricted"', async () => {
  const { deployment, service } = children();
  const r = await dryRun([deployment, service]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /PodSecurity|violate/);
  assert.equal(r.stdout.split("\n").filter((l) => l.includes("(server dry run)")).length, 2, r.stdout);
});

test('a pod template that breaks "restricted" is refused (the check can fail)', async () => {
  const { deployment } = children();
  const pod = deployment.spec?.template.spec;
  assert.ok(pod?.securityContext);
  pod.securityContext = { ...pod.securityContext, runAsNonRoot: false };
  const container = pod.containers[0];
  assert.ok(container);
  container.securityContext = { ...container.securityContext, runAsNonRoot: false };
  const r = await dryRun([deployment]);
  assert.match(r.stderr, /PodSecurity|violate/);
});
