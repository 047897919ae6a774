import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exponentialBackoff } from "./backoff.ts";
import { KubeConnection } from "./client/kube-connection.ts";
import { FakeClock } from "./fake-clock.ts";
import { FakeInnerInformer } from "./fake-inner-informer.ts";
import { type InnerInformer, ResilientInformer } from "./resilient-informer.ts";
import type { KubernetesObject } from "./types.ts";

type Obj = KubernetesObject;

const setup = () => {
  const clock = new FakeClock();
  const inner = new FakeInnerInformer();
  const errors: Array<number | undefined> = [];
  const informer = new ResilientInformer<Obj>({
    connection: new KubeConnection({ server: "https://127.0.0.1:1", namespace: "default", source: "test" }),
    apiVersion: "v1",
    plural: "configmaps",
    clock,
    backoff: exponentialBackoff({ baseMs: 100, maxMs: 400 }),
    onError: (_e, delay) => errors.push(delay),
    makeInner: () => inner as unknown as InnerInformer<Obj>,
  });
  return { clock, inner, informer, errors };
};

const cm = (name: string, rv: string): Obj => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "ns", resourceVersion: rv },
});

describe("ResilientInformer", () => {
  it("restarts after errors with capped exponential backoff, and resets after a good start", async () => {
    const { clock, inner, informer, errors } = setup();
    inner.outcomes = [new Error("refused"), new Error("refused"), new Error("refused"), new Error("refused"), "ok"];
    await informer.start();
    assert.equal(informer.hasSynced(), false);
    await clock.advance(100 + 200 + 400 + 400);
    assert.equal(inner.starts, 5);
    assert.deepEqual(errors, [100, 200, 400, 400]);
    assert.equal(informer.hasSynced(), true);
    inner.emit("error", new Error("watch died"));
    assert.equal(errors.at(-1), 100, "backoff starts over after a successful start");
  });

  it("also retries when start() itself rejects", async () => {
    const { clock, inner, informer, errors } = setup();
    inner.outcomes = [{ reject: new Error("cannot read credentials") }, "ok"];
    await informer.start();
    await clock.advance(100);
    assert.equal(inner.starts, 2);
    assert.deepEqual(errors, [100]);
    assert.equal(informer.hasSynced(), true);
  });

  it("ignores the abort its own stop() causes and does not restart while stopped", async () => {
    const { clock, inner, informer, errors } = setup();
    await informer.start();
    await informer.stop();
    inner.emit("error", new Error("late"));
    await clock.advance(10_000);
    assert.equal(inner.starts, 1);
    assert.deepEqual(errors, []);
  });

  it("schedules one restart however many errors arrive meanwhile", async () => {
    const { clock, inner, informer } = setup();
    await informer.start();
    inner.emit("error", new Error("a"));
    inner.emit("error", new Error("b"));
    await clock.advance(1_000);
    assert.equal(inner.starts, 2);
  });

  it("delivers adds, updates with the previous object, and deletes; serves the cache", async () => {
    const { inner, informer } = setup();
    const seen: string[] = [];
    informer.onAdd((o) => seen.push(`add ${o.metadata?.resourceVersion}`));
    informer.onUpdate((o, old) =>
      seen.push(`update ${old?.metadata?.resourceVersion}->${o.metadata?.resourceVersion}`),
    );
    const off = informer.onDelete((o) => seen.push(`delete ${o.metadata?.resourceVersion}`));
    await informer.start();
    inner.put(cm("a", "1"), "add");
    inner.put(cm("a", "2"), "update");
    assert.equal(informer.getByKey("ns/a")?.metadata?.resourceVersion, "2");
    assert.deepEqual(informer.keys(), ["ns/a"]);
    inner.put(cm("a", "3"), "delete");
    off();
    inner.put(cm("b", "4"), "add");
    inner.put(cm("b", "5"), "delete");
    assert.deepEqual(seen, ["add 1", "update 1->2", "delete 3", "add 4"]);
  });

  it("waitForSync resolves on the first good start and times out otherwise", async () => {
    const { clock, inner, informer } = setup();
    inner.outcomes = [new Error("refused")];
    const timedOut = informer.waitForSync(50).then(
      () => "synced",
      (e: Error) => e.message,
    );
    await informer.start();
    await clock.advance(60);
    assert.match(await timedOut, /not synced after 50 ms/);
    const synced = informer.waitForSync();
    await clock.advance(100);
    await synced;
    assert.equal(informer.hasSynced(), true);
  });
});
