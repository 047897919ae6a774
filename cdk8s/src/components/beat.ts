import type { V1Role, V1RoleBinding } from "@kubernetes/client-node";
import { Construct } from "constructs";
import { labelsOf, nameOf, PORTS } from "../names.ts";
import { k8sObject } from "../objects.ts";
import { Workload, type WorkloadProps } from "./workload.ts";

/**
 * Beat: reads the operator's SyncSchedule handoff ConfigMaps (label `fincoach.dev/handoff`)
 * in its namespace and writes its status ConfigMaps back (services/beat/README.md, "RBAC").
 */
export type BeatProps = WorkloadProps & { readonly replicas: number };

/** What beat does with ConfigMaps: list/watch the handoffs, get/create/patch its reports. */
export const BEAT_RULES = [
  { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch", "create", "patch"] },
];

export class Beat extends Construct {
  constructor(scope: Construct, id: string, props: BeatProps) {
    super(scope, id);
    const workload = new Workload(this, "workload", {
      ...props,
      component: "beat",
      replicas: props.replicas,
      ports: [{ name: "metrics", containerPort: PORTS.beat }],
      probePort: "metrics",
      serviceAccountToken: true,
    });
    const metadata = {
      name: nameOf("beat"),
      namespace: props.namespace,
      labels: labelsOf("beat"),
    };
    k8sObject<V1Role>(this, "role", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata,
      rules: BEAT_RULES,
    });
    k8sObject<V1RoleBinding>(this, "role-binding", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: metadata.name },
      subjects: [{ kind: "ServiceAccount", name: workload.name, namespace: props.namespace }],
    });
  }
}
