import { ALL_CRDS } from "@fincoach/crds";
import { KubeObjectApi } from "@fincoach/kube";
import { type ControlPlane, startControlPlane, type UserKubeConfig } from "@fincoach/testing";
import { stringify } from "yaml";
import { operatorRbac } from "../rbac.ts";

/** The namespace the operator runs in (its ServiceAccount, Role and Lease). */
export const OPERATOR_NAMESPACE = "fincoach-system";
export const OPERATOR_SA = "fincoach-operator";

/** A control plane with the CRDs installed, the operator's RBAC bound and its ServiceAccount's kubeconfig. */
export type OperatorCluster = {
  cp: ControlPlane;
  /** Admin client (system:masters). */
  admin: KubeObjectApi;
  /** The operator's identity: only what operator/rbac grants. */
  operatorUser: UserKubeConfig;
  kubectl(args: string[], input?: string): Promise<string>;
  apply(objects: object[]): Promise<void>;
  createNamespace(name: string): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Starts a control plane, installs the CRDs (waits until Established) and the operator's RBAC;
 * with `controllers` (e.g. ["garbage-collector-controller"]), then kube-controller-manager running them,
 * last, so that its garbage collector knows the CRDs' kinds from the start.
 */
export const startOperatorCluster = async (
  options: { controllers?: readonly string[] } = {},
): Promise<OperatorCluster> => {
  const cp = await startControlPlane({ startTimeoutMs: 120_000 });
  const kubectl = async (args: string[], input?: string) => {
    const r = await cp.kubectl(args, input === undefined ? {} : { input });
    if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  const apply = async (objects: object[]) => {
    await kubectl(["apply", "--server-side", "-f", "-"], objects.map((o) => stringify(o)).join("---\n"));
  };
  await apply([...ALL_CRDS]);
  await kubectl([
    "wait",
    "--for=condition=Established",
    "--timeout=60s",
    ...ALL_CRDS.map((c) => `crd/${c.metadata.name}`),
  ]);
  const createNamespace = (name: string) => apply([{ apiVersion: "v1", kind: "Namespace", metadata: { name } }]);
  await createNamespace(OPERATOR_NAMESPACE);
  await apply(operatorRbac({ namespace: OPERATOR_NAMESPACE, serviceAccount: OPERATOR_SA }));
  const operatorUser = await cp.serviceAccountKubeConfig(OPERATOR_NAMESPACE, OPERATOR_SA);
  if (options.controllers) await cp.startControllerManager(options.controllers);
  return {
    cp,
    admin: KubeObjectApi.fromFile(cp.kubeconfigPath),
    operatorUser,
    kubectl,
    apply,
    createNamespace,
    stop: () => cp.stop(),
  };
};
