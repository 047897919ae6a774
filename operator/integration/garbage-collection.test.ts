import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseTrafficWeights, scheduleHandoffConfigMapName, TRAFFIC_WEIGHTS_CONFIGMAP } from "@fincoach/contracts";
import { API_VERSION as API, type ModelVersion, type SyncSchedule } from "@fincoach/crds";
import type { KubernetesObject, V1ConfigMap } from "@kubernetes/client-node";
import type { Operator } from "../src/operator.ts";
import {
  eventually,
  type OperatorCluster,
  read,
  startInProcessOperator,
  startOperatorCluster,
  testEnv,
  testModelVersion,
  testSyncSchedule,
} from "./harness.ts";

const NS = "gc";
const syncSchedule = (name: string) => testSyncSchedule(NS, name);
const modelVersion = (version: string) => testModelVersion(NS, version);
// A finalizer of the test's own: it holds a deleted ModelVersion in Terminating so that
// the moment between "out of the weights" and "gone" can be looked at.
const HOLD = "test.fincoach.dev/hold";

type Child = { apiVersion: string; kind: string; name: string };

describe("children go by kube-controller-manager's garbage collector when their owner is deleted", {
  timeout: 300_000,
}, () => {
  let cluster: OperatorCluster;
  let operator: Operator;
  const get = <T extends KubernetesObject>(c: Child) => read<T>(cluster.admin, c.apiVersion, c.kind, NS, c.name);
  const scheduleChildren = (name: string): Child[] => [
    { apiVersion: "apps/v1", kind: "Deployment", name: `${name}-workers` },
    { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", name: `${name}-workers` },
    { apiVersion: "v1", kind: "ConfigMap", name: scheduleHandoffConfigMapName(name) },
  ];
  /** Waits until every child exists and names `uid` as its owner. */
  const ownedBy = async (children: Child[], uid: string | undefined) => {
    await eventually(async () => {
      for (const child of children) {
        const obj = await get(child);
        assert.deepEqual(
          obj?.metadata?.ownerReferences?.map((o) => o.uid),
          [uid],
          `${child.kind} ${child.name}`,
        );
      }
    });
  };
  const allGone = (objects: Child[]) =>
    eventually(async () => {
      for (const obj of objects) assert.equal(await get(obj), undefined, `${obj.kind} ${obj.name} is gone`);
    });

  before(async () => {
    cluster = await startOperatorCluster({ controllers: ["garbage-collector-controller"] });
    await cluster.createNamespace(NS);
    operator = await startInProcessOperator(cluster, testEnv({ ROLLOUT_REQUIRE_AVAILABLE: "false" }));
  });
  after(async () => {
    await operator?.stop();
    await cluster?.stop();
  });

  test("a deleted SyncSchedule's worker Deployment, HPA and handoff ConfigMap are collected", async () => {
    await cluster.apply([syncSchedule("nightly"), syncSchedule("weekly")]);
    for (const name of ["nightly", "weekly"]) {
      const owner = await eventually(async () => {
        const ss = await read<SyncSchedule>(cluster.admin, API, "SyncSchedule", NS, name);
        assert.equal(ss?.status?.conditions?.find((c) => c.type === "Ready")?.status, "True");
        return ss!;
      });
      await ownedBy(scheduleChildren(name), owner.metadata.uid);
    }
    const schedule = (name: string): Child => ({ apiVersion: API, kind: "SyncSchedule", name });
    await cluster.admin.delete(
      { apiVersion: API, kind: "SyncSchedule", metadata: { name: "nightly", namespace: NS } },
      { propagationPolicy: "Background" },
    );
    await cluster.admin.delete(
      { apiVersion: API, kind: "SyncSchedule", metadata: { name: "weekly", namespace: NS } },
      { propagationPolicy: "Foreground" },
    );
    await allGone([
      schedule("nightly"),
      ...scheduleChildren("nightly"),
      schedule("weekly"),
      ...scheduleChildren("weekly"),
    ]);
  });

  test("a deleted serving ModelVersion leaves the weights first, then its Deployment and Service are collected", async () => {
    const version: Child = { apiVersion: API, kind: "ModelVersion", name: "categorizer-v1" };
    const children: Child[] = [
      { apiVersion: "apps/v1", kind: "Deployment", name: "categorizer-v1" },
      { apiVersion: "v1", kind: "Service", name: "categorizer-v1" },
    ];
    const weights = async () => {
      const cm = await read<V1ConfigMap>(cluster.admin, "v1", "ConfigMap", NS, TRAFFIC_WEIGHTS_CONFIGMAP);
      return (cm ? parseTrafficWeights(cm.data).models : {}).categorizer?.versions.map(
        (v) => `${v.version}=${v.weight}${v.champion ? "*" : ""}`,
      );
    };
    await cluster.apply([modelVersion("v1")]);
    // A lone first version is the champion at 100% without analysis.
    const serving = await eventually(async () => {
      const mv = await get<ModelVersion>(version);
      assert.equal(mv?.status?.phase, "Serving");
      return mv!;
    });
    await eventually(async () => assert.deepEqual(await weights(), ["v1=100*"]));
    await ownedBy(children, serving.metadata.uid);
    const patch = (type: "json" | "merge", body: string) =>
      cluster.kubectl(["patch", "modelversion", "categorizer-v1", "-n", NS, `--type=${type}`, "-p", body]);
    await patch("json", JSON.stringify([{ op: "add", path: "/metadata/finalizers/-", value: HOLD }]));

    await cluster.kubectl(["delete", "modelversion", "-n", NS, "categorizer-v1", "--wait=false"]);
    // The operator's finalizer goes only once the version is out of the weights...
    const terminating = await eventually(async () => {
      const mv = await get<ModelVersion>(version);
      assert.deepEqual(mv?.metadata.finalizers, [HOLD]);
      return mv!;
    });
    assert.ok(terminating.metadata.deletionTimestamp);
    assert.equal(await weights(), undefined, "nothing of the model is routed any more");
    // ...and while the version exists (here: held), its children stay.
    for (const child of children) assert.ok(await get(child), `${child.kind} stays while its owner exists`);

    await patch("merge", '{"metadata":{"finalizers":null}}');
    await allGone([version, ...children]);
    // The weights document outlives the last version, routing nothing (no owners left).
    const cm = await read<V1ConfigMap>(cluster.admin, "v1", "ConfigMap", NS, TRAFFIC_WEIGHTS_CONFIGMAP);
    assert.deepEqual([cm?.metadata?.ownerReferences ?? [], parseTrafficWeights(cm?.data).models], [[], {}]);
  });

  test("the operator deleted none of it: no delete call, the garbage collector did", () => {
    assert.deepEqual(
      [...operator.client.calls].filter((call) => call.endsWith(":delete")),
      [],
    );
  });
});
