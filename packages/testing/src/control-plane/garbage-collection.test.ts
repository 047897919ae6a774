import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CoreV1Api, type V1ConfigMap } from "@kubernetes/client-node";
import { eventually } from "../eventually.ts";
import type { ControlPlane } from "./control-plane-types.ts";
import { startControlPlane } from "./start-control-plane.ts";

const NS = "gc-test";
const HOLD = "test.fincoach.dev/hold";

describe("startControlPlane({ controllers }) runs kube-controller-manager's garbage collector", {
  timeout: 300_000,
}, () => {
  let cp: ControlPlane;
  let core: CoreV1Api;
  const read = async (name: string): Promise<V1ConfigMap | undefined> => {
    try {
      return await core.readNamespacedConfigMap({ namespace: NS, name });
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  };
  const create = (name: string, owner?: V1ConfigMap, extra: { finalizers?: string[]; block?: boolean } = {}) =>
    core.createNamespacedConfigMap({
      namespace: NS,
      body: {
        metadata: {
          name,
          ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
          ...(owner
            ? {
                ownerReferences: [
                  {
                    apiVersion: "v1",
                    kind: "ConfigMap",
                    name: owner.metadata?.name ?? "",
                    uid: owner.metadata?.uid ?? "",
                    ...(extra.block ? { blockOwnerDeletion: true } : {}),
                  },
                ],
              }
            : {}),
        },
        data: { k: "v" },
      },
    });
  const gone = (name: string) => eventually(async () => assert.equal(await read(name), undefined, `${name} is gone`));

  before(async () => {
    cp = await startControlPlane({ controllers: ["garbage-collector-controller"] });
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });
  after(async () => {
    await cp?.stop();
  });

  it("background: a dependent goes after its owner, an unowned neighbour stays", async () => {
    const owner = await create("owner");
    await create("dependent", owner);
    await create("neighbour");
    await core.deleteNamespacedConfigMap({ namespace: NS, name: "owner", propagationPolicy: "Background" });
    await gone("dependent");
    assert.equal(await read("owner"), undefined);
    assert.ok(await read("neighbour"));
  });

  it("foreground: the owner waits, with the foregroundDeletion finalizer, until its blocking dependent is gone", async () => {
    const owner = await create("fg-owner");
    // Our own finalizer keeps the dependent (and so the owner) in place until we let go.
    await create("fg-dependent", owner, { finalizers: [HOLD], block: true });
    await core.deleteNamespacedConfigMap({ namespace: NS, name: "fg-owner", propagationPolicy: "Foreground" });
    await eventually(async () => assert.ok((await read("fg-dependent"))?.metadata?.deletionTimestamp));
    const waiting = await read("fg-owner");
    assert.ok(waiting?.metadata?.deletionTimestamp);
    assert.deepEqual(waiting?.metadata?.finalizers, ["foregroundDeletion"]);
    const released = await cp.kubectl([
      "patch",
      "configmap",
      "fg-dependent",
      "-n",
      NS,
      "--type=merge",
      "-p",
      '{"metadata":{"finalizers":null}}',
    ]);
    assert.equal(released.code, 0, released.stderr);
    await gone("fg-dependent");
    await gone("fg-owner");
  });

  it("keeps collecting after an apiserver restart", async () => {
    await cp.restartApiserver();
    const owner = await create("after-restart");
    await create("after-restart-dependent", owner);
    await core.deleteNamespacedConfigMap({ namespace: NS, name: "after-restart" });
    await gone("after-restart-dependent");
  });

  it("runs one kube-controller-manager; a bad controller name fails with its log; it starts again", async () => {
    await assert.rejects(cp.startControllerManager(["garbage-collector-controller"]), /runs already/);
    await cp.stopControllerManager();
    await assert.rejects(
      cp.startControllerManager(["no-such-controller"]),
      /kube-controller-manager exited while starting:[\s\S]*no-such-controller/,
    );
    await cp.startControllerManager(["garbage-collector-controller"]);
    const owner = await create("restarted");
    await create("restarted-dependent", owner);
    await core.deleteNamespacedConfigMap({ namespace: NS, name: "restarted" });
    await gone("restarted-dependent");
  });
});

describe("startControlPlane({ controllers }) without the binary", () => {
  it("says kube-controller-manager is missing before starting anything", async () => {
    const empty = await mkdtemp(join(tmpdir(), "fincoach-no-bin-"));
    try {
      await assert.rejects(
        startControlPlane({ binDir: empty, controllers: ["garbage-collector-controller"] }),
        /kube-controller-manager missing in .*fincoach-no-bin-/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
