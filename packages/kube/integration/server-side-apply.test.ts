import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ControlPlane, eventually, startControlPlane } from "@fincoach/testing";
import { ApiextensionsV1Api, CoreV1Api, type KubernetesObject, type V1ConfigMap } from "@kubernetes/client-node";
import { isConflict, KubeObjectApi, retryOnConflict, serverSideApply, serverSideApplyStatus } from "../src/index.ts";

const MANAGER = "fincoach-test";

describe("server-side apply and conflicts on a real apiserver", { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let api: KubeObjectApi;
  let core: CoreV1Api;
  before(async () => {
    cp = await startControlPlane();
    api = KubeObjectApi.fromFile(cp.kubeconfigPath);
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
  });
  after(async () => {
    await cp?.stop();
  });

  const configMap = (data: Record<string, string>): V1ConfigMap => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "applied", namespace: "default", labels: { app: "test" } },
    data,
  });

  it("creates, then updates, owning exactly the applied fields under its field manager", async () => {
    await serverSideApply(api, configMap({ a: "1", b: "2" }), { fieldManager: MANAGER });
    const updated = await serverSideApply(api, configMap({ a: "3" }), { fieldManager: MANAGER });
    assert.deepEqual(updated.data, { a: "3" }, "a field this manager stopped applying is removed");
    const read = await core.readNamespacedConfigMap({ namespace: "default", name: "applied" });
    const entry = read.metadata?.managedFields?.find((f) => f.manager === MANAGER);
    assert.equal(entry?.operation, "Apply");
    assert.ok(JSON.stringify(entry?.fieldsV1).includes("f:a"));
  });

  it("fails with 409 on a field another manager owns unless forced", async () => {
    await serverSideApply(api, configMap({ a: "other" }), { fieldManager: "someone-else", force: true });
    await assert.rejects(serverSideApply(api, configMap({ a: "mine" }), { fieldManager: MANAGER, force: false }), (e) =>
      isConflict(e),
    );
    const forced = await serverSideApply(api, configMap({ a: "mine" }), { fieldManager: MANAGER });
    assert.equal(forced.data?.a, "mine");
  });

  it("applies the status subresource of a custom resource without touching its spec", async () => {
    await installWidgetCrd(cp);
    const widget = {
      apiVersion: "test.fincoach.dev/v1",
      kind: "Widget",
      metadata: { name: "w", namespace: "default" },
    };
    await eventually(() =>
      serverSideApply(api, { ...widget, spec: { size: 1 } } as KubernetesObject, { fieldManager: MANAGER }),
    );
    // The main resource ignores status when a status subresource exists.
    await serverSideApply(api, { ...widget, spec: { size: 1 }, status: { phase: "ignored" } } as KubernetesObject, {
      fieldManager: MANAGER,
    });
    const applied = await serverSideApplyStatus(api, { ...widget, status: { phase: "Ready" } } as KubernetesObject, {
      fieldManager: MANAGER,
    });
    const read = (await api.read(widget)) as KubernetesObject & {
      spec?: { size?: number };
      status?: { phase?: string };
    };
    assert.equal((applied as { status?: { phase?: string } }).status?.phase, "Ready");
    assert.equal(read.status?.phase, "Ready");
    assert.equal(read.spec?.size, 1);
  });

  it("retries a read-modify-write update that loses a race (409) until it wins", async () => {
    await core.createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "counter" }, data: { n: "0" } },
    });
    let attempts = 0;
    await retryOnConflict(async () => {
      attempts++;
      const current = await core.readNamespacedConfigMap({ namespace: "default", name: "counter" });
      if (attempts === 1) {
        // Someone else writes between our read and our write.
        await core.replaceNamespacedConfigMap({
          namespace: "default",
          name: "counter",
          body: { ...current, data: { n: "10" } },
        });
      }
      const n = Number(current.data?.n) + 1;
      return core.replaceNamespacedConfigMap({
        namespace: "default",
        name: "counter",
        body: { ...current, data: { n: String(n) } },
      });
    });
    assert.equal(attempts, 2);
    const read = await core.readNamespacedConfigMap({ namespace: "default", name: "counter" });
    assert.equal(read.data?.n, "11");
  });
});

const installWidgetCrd = async (cp: ControlPlane) => {
  await cp.kubeConfig.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({
    body: {
      metadata: { name: "widgets.test.fincoach.dev" },
      spec: {
        group: "test.fincoach.dev",
        scope: "Namespaced",
        names: { plural: "widgets", singular: "widget", kind: "Widget" },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: {
              openAPIV3Schema: {
                type: "object",
                properties: {
                  spec: { type: "object", properties: { size: { type: "integer" } } },
                  status: { type: "object", properties: { phase: { type: "string" } } },
                },
              },
            },
          },
        ],
      },
    },
  });
};
