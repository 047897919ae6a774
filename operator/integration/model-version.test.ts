import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseTrafficWeights, TRAFFIC_WEIGHTS_CONFIGMAP } from "@fincoach/contracts";
import { API_VERSION as API, type ModelVersion } from "@fincoach/crds";
import { KubeConnection, ResilientInformer } from "@fincoach/kube";
import type { V1ConfigMap, V1Deployment, V1Service } from "@kubernetes/client-node";
import { API_CALLS, callKey } from "../src/kube/api-calls.ts";
import type { Operator } from "../src/operator.ts";
import {
  eventually,
  markModelVersionAvailable,
  type OperatorCluster,
  read,
  startInProcessOperator,
  startOperatorCluster,
  testEnv,
  testModelVersion,
} from "./harness.ts";
import { StatsStandIn } from "./stats-stand-in.ts";

const NS = "ml";
const modelVersion = (version: string) => testModelVersion(NS, version);

describe("the operator rolls out ModelVersions on a real apiserver, driven by a stats stand-in", {
  timeout: 600_000,
}, () => {
  let cluster: OperatorCluster;
  let operator: Operator;
  const stats = new StatsStandIn();
  const mv = (v: string) => read<ModelVersion>(cluster.admin, API, "ModelVersion", NS, `categorizer-${v}`);
  const phase = async (v: string) => (await mv(v))?.status?.phase;
  const weights = async () => {
    const cm = await read<V1ConfigMap>(cluster.admin, "v1", "ConfigMap", NS, TRAFFIC_WEIGHTS_CONFIGMAP);
    const models = cm ? parseTrafficWeights(cm.data).models : {};
    return (models.categorizer?.versions ?? [])
      .map((w) => `${w.version}=${w.weight}${w.champion ? "*" : ""}`)
      .join(",");
  };
  const rollbacks = async () =>
    (await operator.metrics.rollbacks.get()).values.map((v) => [v.labels, v.value] as const);
  const modelVersionReconciles = async () =>
    (await operator.metrics.reconciles.get()).values
      .filter((v) => v.labels.controller === "modelversion")
      .reduce((n, v) => n + v.value, 0);
  const markAvailable = (v: string) => markModelVersionAvailable(cluster.admin, NS, `categorizer-${v}`);

  // Every distinct routing the ML service would have seen, in order (a watch misses no update).
  const seen: string[] = [];
  let weightsWatch: ResilientInformer<V1ConfigMap> | undefined;
  const record = (cm: V1ConfigMap) => {
    if (cm.metadata?.name !== TRAFFIC_WEIGHTS_CONFIGMAP) return;
    const versions = parseTrafficWeights(cm.data).models.categorizer?.versions ?? [];
    const w = versions.map((v) => `${v.version}=${v.weight}${v.champion ? "*" : ""}`).join(",");
    if (seen.at(-1) !== w) seen.push(w);
  };

  before(async () => {
    const statsUrl = await stats.start();
    cluster = await startOperatorCluster();
    await cluster.createNamespace(NS);
    weightsWatch = new ResilientInformer<V1ConfigMap>({
      connection: KubeConnection.fromFile(cluster.cp.kubeconfigPath),
      apiVersion: "v1",
      plural: "configmaps",
      namespace: NS,
    });
    weightsWatch.onAdd(record);
    weightsWatch.onUpdate(record);
    await weightsWatch.start();
    operator = await startInProcessOperator(cluster, testEnv({ STATS_URL_TEMPLATE: statsUrl }));
  });
  after(async () => {
    await weightsWatch?.stop();
    await operator?.stop();
    await cluster?.stop();
    await stats.stop();
  });

  test("the first version waits for an available replica, then is the champion at 100%, with children, finalizer and weights", async () => {
    await cluster.apply([modelVersion("v1")]);
    // No pods run here: until its Deployment says available the model stays out of the
    // weights (an empty document), so callers keep their fallback ML service.
    await eventually(async () => assert.equal(await phase("v1"), "Pending"), 60_000);
    assert.equal(
      (await mv("v1"))?.status?.conditions?.find((c) => c.type === "Ready")?.reason,
      "WaitingForAvailability",
    );
    await eventually(() => assert.deepEqual(seen, [""]));
    await markAvailable("v1");
    await eventually(async () => assert.equal(await phase("v1"), "Serving"), 60_000);
    const v1 = (await mv("v1"))!;
    assert.equal(v1.status?.trafficWeight, 100);
    assert.deepEqual(v1.metadata.finalizers, ["fincoach.dev/traffic"]);
    await eventually(async () => assert.equal(await weights(), "v1=100*"));
    const deployment = await read<V1Deployment>(cluster.admin, "apps/v1", "Deployment", NS, "categorizer-v1");
    const service = await read<V1Service>(cluster.admin, "v1", "Service", NS, "categorizer-v1");
    for (const child of [deployment, service]) {
      const ref = child?.metadata?.ownerReferences?.[0];
      assert.deepEqual([ref?.kind, ref?.name, ref?.uid], ["ModelVersion", "categorizer-v1", v1.metadata.uid]);
    }
    assert.equal(deployment?.spec?.replicas, 2);
    const env = deployment?.spec?.template.spec?.containers[0]?.env ?? [];
    assert.ok(env.some((e) => e.name === "MODEL_ARTIFACT_SHA256" && e.value === "b".repeat(64)));
    assert.equal(service?.spec?.ports?.[0]?.port, 8080);
  });

  test("a healthy candidate steps up to maxWeight and is promoted; a later one waits Queued", async () => {
    stats.answers.set("categorizer/v2", { predictions: 500, errors: 2, latencyP99Ms: 120 });
    stats.answers.set("categorizer/v3", { predictions: 500, errors: 250, latencyP99Ms: 120 });
    await cluster.apply([modelVersion("v2")]);
    await eventually(async () => assert.equal(await phase("v2"), "Pending"), 60_000);
    assert.equal(
      (await mv("v2"))?.status?.conditions?.find((c) => c.type === "Ready")?.reason,
      "WaitingForAvailability",
    );
    await cluster.apply([modelVersion("v3")]);
    await eventually(async () => assert.equal(await phase("v3"), "Queued"), 60_000);
    assert.equal((await mv("v3"))?.status?.conditions?.find((c) => c.type === "Progressing")?.reason, "Queued");
    await markAvailable("v2");
    await markAvailable("v3");
    await eventually(async () => assert.equal(await phase("v2"), "Promoted"), 90_000);
    await eventually(async () => assert.equal(await phase("v1"), "Superseded"));
    await eventually(async () => {
      const d = await read<V1Deployment>(cluster.admin, "apps/v1", "Deployment", NS, "categorizer-v1");
      assert.equal(d?.spec?.replicas, 0, "the old champion is scaled down");
    });
    // v3 starts in the same step as v2's promotion, so v2 never serves 100% alone here.
    await eventually(() =>
      assert.deepEqual(seen.slice(0, 5), ["", "v1=100*", "v1=75*,v2=25", "v1=50*,v2=50", "v2=75*,v3=25"]),
    );
    assert.ok(stats.requests.some((r) => r === "/v1/models/categorizer/versions/v2/stats?window=1s"));
    const events = await cluster.kubectl([
      "get",
      "events.events.k8s.io",
      "-n",
      NS,
      "-o",
      "jsonpath={.items[*].reason}",
    ]);
    assert.match(events, /Promoted/);
    assert.match(events, /Superseded/);
  });

  test("the next candidate then starts against the new champion and, failing its checks, rolls back", async () => {
    await eventually(async () => assert.equal(await phase("v3"), "RolledBack"), 90_000);
    const ready = (await mv("v3"))?.status?.conditions?.find((c) => c.type === "Ready");
    assert.deepEqual([ready?.status, ready?.reason], ["False", "RolledBack"]);
    assert.match(ready?.message ?? "", /ErrorRateExceeded/);
    assert.equal((await mv("v3"))?.status?.analysis?.failedChecks, 2);
    assert.deepEqual(await rollbacks(), [
      [{ namespace: NS, model_version: "categorizer-v3", reason: "ErrorRateExceeded" }, 1],
    ]);
    // Counted per transition, not per reconcile: the model re-stepped (a hand edit of the
    // weights ConfigMap re-steps every model of the namespace), still one.
    const before = await modelVersionReconciles();
    await cluster.kubectl(["annotate", "configmap", "-n", NS, TRAFFIC_WEIGHTS_CONFIGMAP, "fincoach.dev/poke=1"]);
    await eventually(async () => assert.ok((await modelVersionReconciles()) > before, "not reconciled yet"), 60_000);
    assert.equal((await mv("v3"))?.status?.phase, "RolledBack");
    assert.deepEqual(await rollbacks(), [
      [{ namespace: NS, model_version: "categorizer-v3", reason: "ErrorRateExceeded" }, 1],
    ]);
    await eventually(async () => assert.equal(await weights(), "v2=100*"));
    await eventually(() => assert.deepEqual(seen.slice(-2), ["v2=75*,v3=25", "v2=100*"]));
    await eventually(async () => {
      const d = await read<V1Deployment>(cluster.admin, "apps/v1", "Deployment", NS, "categorizer-v3");
      assert.equal(d?.spec?.replicas, 0);
    });
  });

  test("deleting the champion takes it out of the weights first, then lets it go", async () => {
    await cluster.kubectl(["delete", "modelversion", "-n", NS, "categorizer-v2", "--wait=false"]);
    await eventually(async () => assert.equal(await mv("v2"), undefined), 60_000);
    assert.equal(await weights(), "", "nothing left to serve: v1 superseded, v3 rolled back");
  });

  test("every call the operator made is in the RBAC table", () => {
    const table = new Set(API_CALLS.map(callKey));
    assert.deepEqual(
      [...operator.client.calls].filter((c) => !table.has(c)),
      [],
    );
  });
});
