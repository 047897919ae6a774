import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ControlPlane, eventually, startControlPlane } from "@fincoach/testing";
import { CoreV1Api, type V1ConfigMap } from "@kubernetes/client-node";
import { KubeConnection, ResilientInformer, stripManagedFields } from "../src/index.ts";

describe("ResilientInformer on a real apiserver", { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let core: CoreV1Api;
  let informer: ResilientInformer<V1ConfigMap>;
  const events: string[] = [];
  const errors: unknown[] = [];
  const cm = (name: string, value: string) => ({ metadata: { name }, data: { value } });

  before(async () => {
    cp = await startControlPlane();
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "inf" } } });
    await core.createNamespacedConfigMap({ namespace: "inf", body: cm("before-start", "0") });
    informer = new ResilientInformer<V1ConfigMap>({
      connection: KubeConnection.fromFile(cp.kubeconfigPath),
      apiVersion: "v1",
      plural: "configmaps",
      namespace: "inf",
      backoff: () => 200,
      onError: (error) => errors.push(error),
    });
    informer.onAdd((o) => events.push(`add ${o.metadata?.name} ${o.data?.value}`));
    informer.onUpdate((o, old) => events.push(`update ${o.metadata?.name} ${old?.data?.value}->${o.data?.value}`));
    informer.onDelete((o) => events.push(`delete ${o.metadata?.name}`));
    await informer.start();
    await informer.waitForSync(30_000);
  });
  after(async () => {
    await informer?.stop();
    await cp?.stop();
  });

  it("lists what exists, then sees adds, updates and deletes", async () => {
    assert.equal(informer.hasSynced(), true);
    assert.equal(informer.get("before-start", "inf")?.data?.value, "0");
    await core.createNamespacedConfigMap({ namespace: "inf", body: cm("a", "1") });
    await core.replaceNamespacedConfigMap({ namespace: "inf", name: "a", body: cm("a", "2") });
    await core.deleteNamespacedConfigMap({ namespace: "inf", name: "a" });
    await eventually(() => assert.ok(events.includes("delete a")));
    assert.deepEqual(
      events.filter((e) => e.includes(" a")),
      ["add a 1", "update a 1->2", "delete a"],
    );
    assert.equal(informer.get("a", "inf"), undefined);
    // Cached objects are plain JSON, as watch events deliver them.
    assert.equal(typeof informer.get("before-start", "inf")?.metadata?.creationTimestamp, "string");
  });

  it("applies a transform to listed and watched objects (managedFields stripped)", async () => {
    const slim = new ResilientInformer<V1ConfigMap>({
      connection: KubeConnection.fromFile(cp.kubeconfigPath),
      apiVersion: "v1",
      plural: "configmaps",
      namespace: "inf",
      transform: stripManagedFields,
    });
    await slim.start();
    await slim.waitForSync(30_000);
    try {
      assert.ok(informer.get("before-start", "inf")?.metadata?.managedFields, "the apiserver sends managedFields");
      assert.equal(slim.get("before-start", "inf")?.metadata?.managedFields, undefined, "listed");
      await core.createNamespacedConfigMap({ namespace: "inf", body: cm("slim", "5") });
      await eventually(() => assert.equal(slim.get("slim", "inf")?.data?.value, "5"));
      assert.equal(slim.get("slim", "inf")?.metadata?.managedFields, undefined, "watched");
    } finally {
      await slim.stop();
    }
  });

  it("carries on after the apiserver restarts, catching up on what changed", async () => {
    await cp.stopApiserver();
    await eventually(() => assert.ok(errors.length > 0, "the broken watch was reported"), 30_000);
    await cp.startApiserver();
    await core.createNamespacedConfigMap({ namespace: "inf", body: cm("after-restart", "3") });
    await core.replaceNamespacedConfigMap({ namespace: "inf", name: "before-start", body: cm("before-start", "4") });
    await eventually(() => {
      assert.equal(informer.get("after-restart", "inf")?.data?.value, "3");
      assert.equal(informer.get("before-start", "inf")?.data?.value, "4");
    }, 60_000);
    assert.ok(events.includes("add after-restart 3"));
    assert.ok(events.includes("update before-start 0->4"));
  });
});
