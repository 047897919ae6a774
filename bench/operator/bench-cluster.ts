import { ALL_CRDS, installCrds } from "@fincoach/crds";
import { KubeConnection, KubeHttp, KubeObjectApi } from "@fincoach/kube";
import { operatorRbac } from "@fincoach/operator";
import { type ControlPlane, startControlPlane, type UserKubeConfig } from "@fincoach/testing";
import { stringify } from "yaml";

/** Where the operator runs (its ServiceAccount, Roles and Lease). */
export const OPERATOR_NAMESPACE = "fincoach-system";
const OPERATOR_SA = "fincoach-operator";

/** A control plane ready for the operator: CRDs Established, RBAC bound, namespaces made. */
export type BenchCluster = {
  cp: ControlPlane;
  /** system:masters: the load generator's identity. */
  admin: KubeObjectApi;
  /** The operator's ServiceAccount, under exactly the generated RBAC. */
  operatorUser: UserKubeConfig;
  stop(): Promise<void>;
};

/**
 * etcd + kube-apiserver from the shared test helper (the same binaries and flags as the
 * integration tests), with the CRDs and the operator's least-privilege RBAC installed, so
 * the benchmarked operator runs exactly as it does in the tests.
 */
export const startBenchCluster = async (namespaces: readonly string[]): Promise<BenchCluster> => {
  const cp = await startControlPlane({ startTimeoutMs: 120_000 });
  try {
    await installCrds(new KubeHttp(KubeConnection.fromFile(cp.kubeconfigPath)), ALL_CRDS, { timeoutMs: 60_000 });
    const objects = [
      ...[OPERATOR_NAMESPACE, ...namespaces].map((name) => ({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name },
      })),
      ...operatorRbac({ namespace: OPERATOR_NAMESPACE, serviceAccount: OPERATOR_SA }),
    ];
    const r = await cp.kubectl(["apply", "--server-side", "-f", "-"], {
      input: objects.map((o) => stringify(o)).join("---\n"),
    });
    if (r.code !== 0) throw new Error(`kubectl apply: ${r.stderr}`);
    return {
      cp,
      admin: KubeObjectApi.fromFile(cp.kubeconfigPath),
      operatorUser: await cp.serviceAccountKubeConfig(OPERATOR_NAMESPACE, OPERATOR_SA),
      stop: () => cp.stop(),
    };
  } catch (error) {
    await cp.stop();
    throw error;
  }
};
