import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ControlPlane, eventually, startControlPlane } from "@fincoach/testing";
import { CoreV1Api, EventsV1Api, type V1ConfigMap } from "@kubernetes/client-node";
import { Registry } from "prom-client";
import {
  type Controller,
  createController,
  EventRecorder,
  KubeConnection,
  KubeObjectApi,
  ownerReference,
  promQueueMetrics,
  ResilientInformer,
  serverSideApply,
} from "../src/index.ts";

const NS = "ctl";

// A toy controller: every ConfigMap labelled role=source gets a child ConfigMap
// `<name>-child` with the same data, owned by it, applied server-side.
describe("a controller built from the runtime, on a real apiserver", { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let core: CoreV1Api;
  let controller: Controller;
  let sources: ResilientInformer<V1ConfigMap>;
  let children: ResilientInformer<V1ConfigMap>;
  let recorder: EventRecorder;
  const registry = new Registry();

  before(async () => {
    cp = await startControlPlane();
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    const api = KubeObjectApi.fromFile(cp.kubeconfigPath);
    const informer = (role: string) =>
      new ResilientInformer<V1ConfigMap>({
        connection: KubeConnection.fromFile(cp.kubeconfigPath),
        apiVersion: "v1",
        plural: "configmaps",
        namespace: NS,
        labelSelector: `role=${role}`,
        backoff: () => 200,
      });
    sources = informer("source");
    children = informer("child");
    recorder = new EventRecorder({
      client: api,
      reportingController: "fincoach.dev/test",
      reportingInstance: "test-1",
    });
    controller = createController({
      name: "mirror",
      primary: sources,
      owns: [{ informer: children, ownerKind: "ConfigMap", ownerApiVersion: "v1" }],
      workers: 2,
      resyncPeriodMs: 0,
      queue: { metrics: promQueueMetrics(registry, "mirror") },
      reconcile: async ({ namespace, name }) => {
        const source = sources.get(name, namespace);
        if (!source) return;
        await serverSideApply(
          api,
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: {
              name: `${name}-child`,
              namespace,
              labels: { role: "child" },
              ownerReferences: [ownerReference(source)],
            },
            data: source.data ?? {},
          },
          { fieldManager: "fincoach-test" },
        );
        await recorder.record(source, {
          type: "Normal",
          reason: "Mirrored",
          action: "Apply",
          note: `${name}-child is up to date`,
        });
      },
    });
    await controller.start();
  });
  after(async () => {
    await controller?.stop();
    await Promise.all([sources?.stop(), children?.stop()]);
    await cp?.stop();
  });

  const child = (name: string) => core.readNamespacedConfigMap({ namespace: NS, name: `${name}-child` });

  it("creates the child with an owner reference, and follows the source's changes", async () => {
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: "one", labels: { role: "source" } }, data: { k: "1" } },
    });
    const created = await eventually(() => child("one"));
    assert.equal(created.data?.k, "1");
    const ref = created.metadata?.ownerReferences?.[0];
    assert.equal(ref?.kind, "ConfigMap");
    assert.equal(ref?.name, "one");
    assert.equal(ref?.controller, true);
    await core.patchNamespacedConfigMap({
      namespace: NS,
      name: "one",
      body: [{ op: "replace", path: "/data/k", value: "2" }],
    });
    await eventually(async () => assert.equal((await child("one")).data?.k, "2"));
  });

  it("puts back a child deleted behind its back (owned objects enqueue their owner)", async () => {
    await eventually(() => child("one"));
    await core.deleteNamespacedConfigMap({ namespace: NS, name: "one-child" });
    await eventually(async () => assert.equal((await child("one")).data?.k, "2"));
  });

  it("carries on after an apiserver restart", async () => {
    await cp.restartApiserver();
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: "two", labels: { role: "source" } }, data: { k: "after" } },
    });
    await eventually(async () => assert.equal((await child("two")).data?.k, "after"), 60_000);
  });

  it("records Events, counting repeats in a series", async () => {
    const events = cp.kubeConfig.makeApiClient(EventsV1Api);
    const list = await eventually(async () => {
      const items = (await events.listNamespacedEvent({ namespace: NS })).items.filter(
        (e) => e.regarding?.name === "one",
      );
      assert.ok(items.length > 0);
      return items;
    });
    assert.equal(list[0]?.reason, "Mirrored");
    assert.equal(list[0]?.reportingController, "fincoach.dev/test");
    const source = await core.readNamespacedConfigMap({ namespace: NS, name: "one" });
    const repeat = { type: "Warning", reason: "Repeated", action: "Test", note: "same" } as const;
    await recorder.record({ apiVersion: "v1", kind: "ConfigMap", ...source }, repeat);
    await recorder.record({ apiVersion: "v1", kind: "ConfigMap", ...source }, repeat);
    const repeated = (await events.listNamespacedEvent({ namespace: NS })).items.filter((e) => e.reason === "Repeated");
    assert.equal(repeated.length, 1);
    assert.equal(repeated[0]?.series?.count, 2);
  });

  it("exposes queue metrics", async () => {
    const text = await registry.metrics();
    assert.match(text, /workqueue_adds_total\{name="mirror"\} [1-9]/);
    assert.match(text, /workqueue_work_duration_seconds_count\{name="mirror"\} [1-9]/);
  });
});
