import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { V1Lease } from "@kubernetes/client-node";
import { leaderElectionRules } from "../src/rbac.ts";
import {
  eventually,
  OPERATOR_NAMESPACE,
  type OperatorCluster,
  type OperatorProcess,
  read,
  spawnOperator,
  startOperatorCluster,
} from "./harness.ts";

const LEASE = "fincoach-operator";
/** The exit code, or a failure after `ms`. */
const exitWithin = (p: OperatorProcess, ms: number) =>
  Promise.race([
    p.exited,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${p.name} still running after ${ms} ms`)), ms).unref(),
    ),
  ]);
const readyz = async (p: OperatorProcess) =>
  (await fetch(`http://127.0.0.1:${p.port}/readyz`).catch(() => undefined))?.status;

describe("leadership to controller-runtime's standard", { timeout: 600_000 }, () => {
  let cluster: OperatorCluster;
  const processes: OperatorProcess[] = [];
  const lease = () => read<V1Lease>(cluster.admin, "coordination.k8s.io/v1", "Lease", OPERATOR_NAMESPACE, LEASE);

  before(async () => {
    cluster = await startOperatorCluster();
  });
  after(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await cluster?.stop();
  });

  test("a leader whose caches cannot sync (no RBAC to list) is never ready, releases the Lease and exits 1", async () => {
    // This identity may lead, and nothing else: every informer's list answers 403.
    const name = "lease-only";
    await cluster.apply([
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name, namespace: OPERATOR_NAMESPACE },
        rules: leaderElectionRules(LEASE),
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name, namespace: OPERATOR_NAMESPACE },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subjects: [{ kind: "ServiceAccount", name, namespace: OPERATOR_NAMESPACE }],
      },
    ]);
    const user = await cluster.cp.serviceAccountKubeConfig(OPERATOR_NAMESPACE, name);
    const p = await spawnOperator(cluster, "starved", user.kubeconfigPath, { CACHE_SYNC_TIMEOUT_SECONDS: "3" });
    processes.push(p);
    await eventually(async () => assert.equal((await lease())?.spec?.holderIdentity, "starved"), 60_000);
    const answers = new Set<number | undefined>();
    const deadline = Date.now() + 60_000;
    while (p.child.exitCode === null && Date.now() < deadline) {
      const status = await readyz(p);
      if (status !== undefined) answers.add(status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(await exitWithin(p, 1_000), 1);
    assert.equal((await lease())?.spec?.holderIdentity, "", "released on the way out");
    assert.ok(!answers.has(200), `never ready; /readyz answered ${[...answers].join(", ")}`);
  });

  test("a leader that loses the Lease to another holder stops writing and exits 1, leaving the Lease alone", async () => {
    const p = await spawnOperator(cluster, "deposed", cluster.operatorUser.kubeconfigPath);
    processes.push(p);
    await eventually(async () => {
      assert.equal((await lease())?.spec?.holderIdentity, "deposed");
      assert.equal(await readyz(p), 200);
    }, 90_000);
    // Another holder takes the Lease over the leader's head (as a partitioned leader would find).
    const current = (await lease()) as V1Lease;
    await cluster.admin.http.request(
      "PUT",
      `/apis/coordination.k8s.io/v1/namespaces/${OPERATOR_NAMESPACE}/leases/${LEASE}`,
      {
        body: {
          ...current,
          spec: { ...current.spec, holderIdentity: "usurper", leaseDurationSeconds: 3600, renewTime: undefined },
        },
      },
    );
    assert.equal(await exitWithin(p, 60_000), 1);
    const after = await lease();
    assert.equal(after?.spec?.holderIdentity, "usurper", "neither renewed nor released by the deposed leader");
  });
});
