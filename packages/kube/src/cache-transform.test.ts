import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { keepOnly, LAST_APPLIED_ANNOTATION, ownedChild, stripManagedFields } from "./cache-transform.ts";
import { KubeConnection } from "./client/kube-connection.ts";
import { ResilientInformer } from "./resilient-informer.ts";
import type { V1ConfigMap, V1Deployment } from "./types.ts";

const managedFields = [{ manager: "kubectl", operation: "Apply", fieldsType: "FieldsV1", fieldsV1: { "f:data": {} } }];
const cm = (name: string, rv: string, value: string): V1ConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name,
    namespace: "ns",
    resourceVersion: rv,
    managedFields,
    annotations: { [LAST_APPLIED_ANNOTATION]: "{...}", team: "a" },
  },
  data: { value },
});

describe("stripManagedFields and keepOnly", () => {
  it("drop managedFields and the last-applied annotation, keeping everything else", () => {
    const obj = stripManagedFields(cm("a", "1", "x"));
    assert.deepEqual(obj.metadata, { name: "a", namespace: "ns", resourceVersion: "1", annotations: { team: "a" } });
    assert.deepEqual(obj.data, { value: "x" });
    const bare = stripManagedFields({ metadata: { name: "b", annotations: { [LAST_APPLIED_ANNOTATION]: "{}" } } });
    assert.deepEqual(bare.metadata, { name: "b" });
  });

  it("keepOnly keeps the metadata and the named fields only", () => {
    const deployment: V1Deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "w", resourceVersion: "7", managedFields },
      spec: { selector: {}, template: {} },
      status: { availableReplicas: 1 },
    };
    const slim = keepOnly<V1Deployment, "status">("status")(deployment);
    assert.deepEqual(slim, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "w", resourceVersion: "7" },
      status: { availableReplicas: 1 },
    });
  });

  it("ownedChild keeps the named fields and only who the object is and who owns it", () => {
    const owner = { apiVersion: "fincoach.dev/v1alpha1", kind: "SyncSchedule", name: "s", uid: "u1", controller: true };
    const deployment: V1Deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "w",
        namespace: "ns",
        uid: "u2",
        resourceVersion: "7",
        generation: 3,
        labels: { app: "w" },
        annotations: { note: "x" },
        creationTimestamp: "2026-01-01T00:00:00Z" as unknown as Date,
        ownerReferences: [owner],
        managedFields,
      },
      spec: { selector: {}, template: {} },
      status: { availableReplicas: 1 },
    };
    const cached = ownedChild<V1Deployment, "status">("status")(deployment);
    assert.deepEqual(cached, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "w", namespace: "ns", resourceVersion: "7", ownerReferences: [owner] },
      status: { availableReplicas: 1 },
    });
    // The type says what the cache keeps (checked by the type-check, which runs with the tests).
    // @ts-expect-error labels are stripped, so the cached type has none
    assert.equal(cached.metadata.labels, undefined);
    // @ts-expect-error so is the generation
    assert.equal(cached.metadata.generation, undefined);
    // @ts-expect-error and the spec
    assert.equal(cached.spec, undefined);
    const deleting = { ...deployment, metadata: { ...deployment.metadata, deletionTimestamp: "t" as unknown as Date } };
    assert.equal(ownedChild<V1Deployment>()(deleting).metadata?.deletionTimestamp, "t");
  });
});

describe("ResilientInformer with a transform", () => {
  // A stand-in apiserver: one list page, then a watch that sends what the test pushes.
  let watchResponse: ServerResponse | undefined;
  const watching = Promise.withResolvers<void>();
  const server = createServer((req, res) => {
    res.setHeader("Content-Type", "application/json");
    if (!new URL(req.url ?? "", "http://x").searchParams.has("watch")) {
      res.end(
        JSON.stringify({ kind: "ConfigMapList", metadata: { resourceVersion: "1" }, items: [cm("a", "1", "x")] }),
      );
      return;
    }
    res.writeHead(200);
    res.flushHeaders();
    watchResponse = res;
    watching.resolve();
  });
  const push = (type: string, object: unknown) => watchResponse?.write(`${JSON.stringify({ type, object })}\n`);
  let connection: KubeConnection;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    connection = new KubeConnection({ server: `http://127.0.0.1:${port}`, namespace: "ns", source: "test" });
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("caches and delivers transformed objects from both the list and the watch", async () => {
    const informer = new ResilientInformer<V1ConfigMap>({
      connection,
      apiVersion: "v1",
      plural: "configmaps",
      namespace: "ns",
      transform: stripManagedFields,
    });
    const seen: V1ConfigMap[] = [];
    informer.onAdd((o) => seen.push(o));
    informer.onUpdate((o) => seen.push(o));
    await informer.start();
    await informer.waitForSync(5_000);
    await watching.promise;
    push("MODIFIED", cm("a", "2", "y"));
    push("BOOKMARK", { kind: "ConfigMap", metadata: { resourceVersion: "3" } });
    push("ADDED", cm("b", "4", "z"));
    const deadline = Date.now() + 10_000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await informer.stop();
    assert.deepEqual(
      seen.map((o) => [o.metadata?.name, o.metadata?.resourceVersion, o.data?.value]),
      [
        ["a", "1", "x"],
        ["a", "2", "y"],
        ["b", "4", "z"],
      ],
    );
    for (const o of [...seen, ...informer.list()]) {
      assert.equal(o.metadata?.managedFields, undefined);
      assert.deepEqual(o.metadata?.annotations, { team: "a" });
    }
  });
});
