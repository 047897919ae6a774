import * as kplus from "cdk8s-plus-27";
import { Construct } from "constructs";
import { labelsOf, nameOf, PORTS } from "../names.ts";
import { Workload, type WorkloadProps } from "./workload.ts";

/**
 * Beat: reads the operator's SyncSchedule handoff ConfigMaps (label `fincoach.dev/handoff`)
 * in its namespace and writes its status ConfigMaps back (services/beat/README.md, "RBAC").
 */
export type BeatProps = WorkloadProps & { readonly replicas: number };

/** What beat does with ConfigMaps: list/watch the handoffs, get/create/patch its reports. */
export const BEAT_VERBS = ["get", "list", "watch", "create", "patch"];

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
    const metadata = { name: nameOf("beat"), namespace: props.namespace, labels: labelsOf("beat") };
    const role = new kplus.Role(this, "role", { metadata });
    role.allow(BEAT_VERBS, kplus.ApiResource.CONFIG_MAPS);
    const binding = new kplus.RoleBinding(this, "role-binding", { metadata, role });
    if (!workload.serviceAccount) throw new Error("beat: its Workload makes its ServiceAccount");
    binding.addSubjects(workload.serviceAccount);
  }
}
