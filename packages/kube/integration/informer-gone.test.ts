import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ControlPlane, eventually, startControlPlane } from "@fincoach/testing";
import { CoreV1Api, type V1ConfigMap } from "@kubernetes/client-node";
import { KubeConnection, ResilientInformer } from "../src/index.ts";

// Without the watch cache, watches go to etcd, so compacting etcd makes the informer's
// last resourceVersion too old: the resumed watch answers 410 Gone and it must relist.
describe("ResilientInformer after 410 Gone", { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let core: CoreV1Api;
  before(async () => {
    cp = await startControlPlane({ apiserverFlags: ["--watch-cache=false"] });
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "gone" } } });
  });
  after(async () => {
    await cp?.stop();
  });

  it("relists, emitting adds for new objects and deletes for vanished ones", async () => {
    await core.createNamespacedConfigMap({ namespace: "gone", body: { metadata: { name: "old" } } });
    const informer = new ResilientInformer<V1ConfigMap>({
      connection: KubeConnection.fromFile(cp.kubeconfigPath),
      apiVersion: "v1",
      plural: "configmaps",
      namespace: "gone",
    });
    const events: string[] = [];
    informer.onAdd((o) => events.push(`add ${o.metadata?.name}`));
    informer.onDelete((o) => events.push(`delete ${o.metadata?.name}`));
    await informer.start();
    await informer.waitForSync(30_000);
    await informer.stop();

    await core.deleteNamespacedConfigMap({ namespace: "gone", name: "old" });
    await core.createNamespacedConfigMap({ namespace: "gone", body: { metadata: { name: "new" } } });
    await cp.compactEtcd();
    events.length = 0;

    await informer.start();
    await eventually(() => assert.deepEqual(events.sort(), ["add new", "delete old"]), 30_000);
    assert.deepEqual(informer.keys(), ["gone/new"]);
    await informer.stop();
  });
});
