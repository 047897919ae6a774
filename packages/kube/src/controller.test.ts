import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubeConnection } from "./client/kube-connection.ts";
import { createController, generationChanged, type ReconcileRequest } from "./controller.ts";
import { FakeClock } from "./fake-clock.ts";
import { FakeInnerInformer } from "./fake-inner-informer.ts";
import { ownerReference } from "./owner-reference.ts";
import { type InnerInformer, ResilientInformer } from "./resilient-informer.ts";
import type { KubernetesObject } from "./types.ts";

const informerOver = (inner: FakeInnerInformer, clock: FakeClock, plural: string) =>
  new ResilientInformer<KubernetesObject>({
    connection: new KubeConnection({ server: "https://127.0.0.1:1", namespace: "default", source: "test" }),
    apiVersion: "v1",
    plural,
    clock,
    makeInner: () => inner as unknown as InnerInformer<KubernetesObject>,
  });

const schedule = (name: string, generation = 1): KubernetesObject & { metadata: { generation: number } } => ({
  apiVersion: "fincoach.dev/v1alpha1",
  kind: "SyncSchedule",
  metadata: { name, namespace: "ns", uid: `uid-${name}`, generation, resourceVersion: String(Math.random()) },
});

const setup = (options: { resyncPeriodMs?: number; reconcile?: (r: ReconcileRequest) => Promise<void> } = {}) => {
  const clock = new FakeClock();
  const primaryInner = new FakeInnerInformer();
  const childInner = new FakeInnerInformer();
  const seen: string[] = [];
  primaryInner.put(schedule("existing"), "add");
  const controller = createController({
    name: "test",
    primary: informerOver(primaryInner, clock, "syncschedules"),
    owns: [
      {
        informer: informerOver(childInner, clock, "deployments"),
        ownerKind: "SyncSchedule",
        ownerApiVersion: "fincoach.dev/v1alpha1",
      },
    ],
    updatePredicate: generationChanged,
    reconcile:
      options.reconcile ??
      (async (request) => {
        seen.push(request.key);
      }),
    workers: 2,
    resyncPeriodMs: options.resyncPeriodMs ?? 0,
    clock,
  });
  return { clock, primaryInner, childInner, seen, controller };
};

describe("createController", () => {
  it("reconciles every existing primary on start, then each change", async () => {
    const { clock, primaryInner, seen, controller } = setup();
    await controller.start();
    await clock.settle();
    assert.deepEqual(seen, ["ns/existing"]);
    primaryInner.put(schedule("new"), "add");
    await clock.settle();
    primaryInner.put(schedule("new", 1), "update");
    await clock.settle();
    assert.deepEqual(seen, ["ns/existing", "ns/new"], "a status-only update (same generation) is filtered");
    primaryInner.put(schedule("new", 2), "update");
    primaryInner.put(schedule("existing"), "delete");
    await clock.settle();
    assert.deepEqual(seen.slice(2).sort(), ["ns/existing", "ns/new"]);
    await controller.stop();
  });

  it("maps an owned child's events to its owner", async () => {
    const { clock, childInner, seen, controller } = setup();
    await controller.start();
    await clock.settle();
    seen.length = 0;
    const child = {
      metadata: {
        name: "existing-worker",
        namespace: "ns",
        resourceVersion: "1",
        ownerReferences: [ownerReference(schedule("existing"))],
      },
    };
    childInner.put(child, "add");
    childInner.put({ metadata: { name: "orphan", namespace: "ns", resourceVersion: "1" } }, "add");
    await clock.settle();
    assert.deepEqual(seen, ["ns/existing"]);
    await controller.stop();
  });

  it("re-enqueues every primary each resync period", async () => {
    const { clock, seen, controller } = setup({ resyncPeriodMs: 60_000 });
    await controller.start();
    await clock.advance(59_000);
    assert.equal(seen.length, 1);
    await clock.advance(1_000);
    assert.equal(seen.length, 2);
    await clock.advance(60_000);
    assert.equal(seen.length, 3);
    await controller.stop();
    await clock.advance(120_000);
    assert.equal(seen.length, 3, "no resync after stop");
  });

  it("stop() waits for the in-flight reconcile and takes no new keys; start() runs again", async () => {
    let release: () => void = () => {};
    const calls: string[] = [];
    const { clock, primaryInner, controller } = setup({
      reconcile: async (request) => {
        calls.push(request.key);
        if (calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    await controller.start();
    await clock.settle();
    let stopped = false;
    const stopping = controller.stop().then(() => (stopped = true));
    primaryInner.put(schedule("late"), "add");
    await clock.settle();
    assert.equal(stopped, false);
    release();
    await stopping;
    assert.deepEqual(calls, ["ns/existing"]);
    await controller.start();
    await clock.settle();
    assert.deepEqual(calls.slice(1).sort(), ["ns/existing", "ns/late"]);
    await controller.stop();
  });
});
