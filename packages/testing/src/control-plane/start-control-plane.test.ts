import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CoreV1Api } from "@kubernetes/client-node";
import type { ControlPlane } from "./control-plane-types.ts";
import { startControlPlane } from "./start-control-plane.ts";

describe("startControlPlane", { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  before(async () => {
    cp = await startControlPlane();
  });
  after(async () => {
    await cp?.stop();
  });

  it("serves the API to the admin kubeconfig: namespaces and ConfigMaps", async () => {
    const core = cp.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "cp-test" } } });
    await core.createNamespacedConfigMap({
      namespace: "cp-test",
      body: { metadata: { name: "hello" }, data: { a: "1" } },
    });
    const read = await core.readNamespacedConfigMap({ namespace: "cp-test", name: "hello" });
    assert.equal(read.data?.a, "1");
  });

  it("runs kubectl against it", async () => {
    const version = await cp.kubectl(["version", "-o", "json"]);
    assert.equal(version.code, 0, version.stderr);
    assert.match(JSON.parse(version.stdout).serverVersion.gitVersion, /^v1\.\d+\.\d+/);
    const namespaces = await cp.kubectl(["get", "ns", "-o", "name"]);
    assert.equal(namespaces.code, 0, namespaces.stderr);
    assert.match(namespaces.stdout, /namespace\/kube-system/);
    const applied = await cp.kubectl(["apply", "-f", "-"], {
      input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-stdin, namespace: default}\ndata: {k: v}\n",
    });
    assert.equal(applied.code, 0, applied.stderr);
  });

  it("enforces RBAC for other identities", async () => {
    const sa = await cp.serviceAccountKubeConfig("default", "robot");
    const denied = await cp.kubectl(["get", "configmaps", "-n", "default"], { kubeconfigPath: sa.kubeconfigPath });
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /forbidden.*system:serviceaccount:default:robot/);
    // Aggregated roles like `view` stay empty here: aggregation is kube-controller-manager's job.
    const role = await cp.kubectl([
      "create",
      "role",
      "cm-reader",
      "--verb=get,list",
      "--resource=configmaps",
      "-n",
      "default",
    ]);
    assert.equal(role.code, 0, role.stderr);
    const granted = await cp.kubectl([
      "create",
      "rolebinding",
      "robot-cm",
      "--role=cm-reader",
      "--serviceaccount=default:robot",
      "-n",
      "default",
    ]);
    assert.equal(granted.code, 0, granted.stderr);
    // The RBAC authorizer learns of the binding through its informer, a moment later.
    let allowed = await cp.kubectl(["get", "configmaps", "-n", "default"], { kubeconfigPath: sa.kubeconfigPath });
    for (let i = 0; i < 50 && allowed.code !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      allowed = await cp.kubectl(["get", "configmaps", "-n", "default"], { kubeconfigPath: sa.kubeconfigPath });
    }
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  it("keeps the data across an apiserver restart on the same address", async () => {
    await cp.restartApiserver();
    const core = cp.kubeConfig.makeApiClient(CoreV1Api);
    const read = await core.readNamespacedConfigMap({ namespace: "cp-test", name: "hello" });
    assert.equal(read.data?.a, "1");
  });
});

describe("startControlPlane failures", { timeout: 120_000 }, () => {
  it("rejects with the component's log when it cannot start, leaving nothing behind", async () => {
    await assert.rejects(
      startControlPlane({ apiserverFlags: ["--no-such-flag"] }),
      /kube-apiserver exited while starting:[\s\S]*no-such-flag/,
    );
  });
});
