import { readFileSync } from "node:fs";
import type { KubernetesObject } from "@kubernetes/client-node";
import { Construct } from "constructs";
import { parseAllDocuments } from "yaml";
import { nameOf, PORTS } from "../names.ts";
import { k8sObject } from "../objects.ts";
import { Workload, type WorkloadProps } from "./workload.ts";

/**
 * The operator's ServiceAccount and least-privilege RBAC as `npm run -w operator
 * rbac:generate` writes them from operator/src/rbac.ts (operator/rbac/operator-rbac.yaml),
 * read here rather than copied. The operator watches its own namespace (WATCH_NAMESPACE),
 * so the generated ClusterRole and its binding become a Role and RoleBinding with the same
 * rules: what operatorRbac({ watchNamespaces: [namespace] }) produces.
 */
export const OPERATOR_RBAC_YAML = new URL("../../../operator/rbac/operator-rbac.yaml", import.meta.url);

type RbacObject = KubernetesObject & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  subjects?: { kind: string; name: string; namespace?: string }[];
  roleRef?: { apiGroup: string; kind: string; name: string };
};

const NAMESPACED: Record<string, string> = { ClusterRole: "Role", ClusterRoleBinding: "RoleBinding" };

/** The generated RBAC objects, moved into `namespace` and scoped to it. */
export const operatorRbacObjects = (namespace: string, yaml = readFileSync(OPERATOR_RBAC_YAML, "utf8")): RbacObject[] =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS() as RbacObject | null)
    .filter((o): o is RbacObject => o !== null)
    .map((o) => ({
      ...o,
      kind: NAMESPACED[o.kind] ?? o.kind,
      metadata: { ...o.metadata, namespace },
      ...(o.roleRef ? { roleRef: { ...o.roleRef, kind: NAMESPACED[o.roleRef.kind] ?? o.roleRef.kind } } : {}),
      ...(o.subjects ? { subjects: o.subjects.map((s) => ({ ...s, namespace })) } : {}),
    }));

/** The operator: two replicas by default, one reconciling (a coordination.k8s.io Lease), the other standing by. */
export type OperatorProps = WorkloadProps & { readonly replicas: number };

export class Operator extends Construct {
  constructor(scope: Construct, id: string, props: OperatorProps) {
    super(scope, id);
    const rbac = operatorRbacObjects(props.namespace);
    const serviceAccount = rbac.find((o) => o.kind === "ServiceAccount")?.metadata.name;
    if (serviceAccount !== nameOf("operator"))
      throw new Error(
        `operator-rbac.yaml's ServiceAccount is ${serviceAccount}, the Deployment runs as ${nameOf("operator")}`,
      );
    for (const object of rbac) k8sObject(this, `${object.kind}-${object.metadata.name}`, object);
    new Workload(this, "workload", {
      ...props,
      component: "operator",
      replicas: props.replicas,
      ports: [{ name: "metrics", containerPort: PORTS.operator }],
      probePort: "metrics",
      serviceAccountToken: true,
      createServiceAccount: false,
      // GRACEFUL_SHUTDOWN_SECONDS (10 s) for in-flight reconciles, then the Lease is released.
      terminationGracePeriodSeconds: 20,
    });
  }
}
