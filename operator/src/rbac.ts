import type { KubernetesObject } from "@fincoach/kube";
import type { ApiCall } from "./kube/api-calls.ts";

/** An RBAC PolicyRule (rbac.authorization.k8s.io/v1). */
export type PolicyRule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

/** Name of the ClusterRole, the Role and the ServiceAccount, and the default Lease name. */
export const OPERATOR_NAME = "fincoach-operator";

/**
 * What the operator may do in the namespaces it watches, least privilege: read its CRs and
 * write only their status (plus the ModelVersion finalizer), apply the children it owns,
 * record Events. No delete anywhere: children go by garbage collection, Events expire.
 */
export const OPERATOR_RULES: readonly PolicyRule[] = [
  { apiGroups: ["fincoach.dev"], resources: ["syncschedules"], verbs: ["list", "watch"] },
  { apiGroups: ["fincoach.dev"], resources: ["modelversions"], verbs: ["list", "watch", "patch"] },
  { apiGroups: ["fincoach.dev"], resources: ["syncschedules/status", "modelversions/status"], verbs: ["patch"] },
  {
    apiGroups: ["fincoach.dev"],
    resources: ["syncschedules/finalizers", "modelversions/finalizers"],
    verbs: ["update"],
  },
  { apiGroups: ["apps"], resources: ["deployments"], verbs: ["list", "watch", "create", "patch"] },
  { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: ["list", "watch", "create", "patch"] },
  { apiGroups: [""], resources: ["services"], verbs: ["list", "watch", "create", "patch"] },
  { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch", "create", "patch"] },
  { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: ["create", "patch"] },
];

/**
 * Leader election, in the operator's own namespace only. `create` cannot be limited by
 * name (the object does not exist yet); get and update are limited to the one Lease.
 */
export const leaderElectionRules = (leaseName = OPERATOR_NAME): PolicyRule[] => [
  { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
  { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "update"], resourceNames: [leaseName] },
];

/** Whether `rules` allow `call` (on an object named `name`, when rules restrict names). */
export const allows = (rules: readonly PolicyRule[], call: ApiCall, name?: string): boolean =>
  rules.some(
    (r) =>
      (r.apiGroups.includes(call.group) || r.apiGroups.includes("*")) &&
      (r.resources.includes(call.resource) || r.resources.includes("*")) &&
      (r.verbs.includes(call.verb) || r.verbs.includes("*")) &&
      (!r.resourceNames || (name !== undefined && r.resourceNames.includes(name))),
  );

/** Options of {@link operatorRbac}. */
export type OperatorRbacOptions = {
  /** The operator's namespace (ServiceAccount, Lease, Role). */
  namespace: string;
  serviceAccount?: string;
  leaseName?: string;
  /**
   * Watch only these namespaces: a Role + RoleBinding in each instead of a ClusterRole.
   * @default all namespaces (ClusterRole + ClusterRoleBinding)
   */
  watchNamespaces?: readonly string[];
};

/**
 * The operator's ServiceAccount and every RBAC object it needs, generated from the rules
 * above: the manifests reuse this, and the integration tests bind exactly these.
 */
export const operatorRbac = (options: OperatorRbacOptions): KubernetesObject[] => {
  const { namespace, serviceAccount = OPERATOR_NAME, leaseName = OPERATOR_NAME } = options;
  const subject = { kind: "ServiceAccount", name: serviceAccount, namespace };
  const rbac = "rbac.authorization.k8s.io/v1";
  const labels = { "app.kubernetes.io/name": OPERATOR_NAME, "app.kubernetes.io/part-of": "fincoach" };
  const roleRef = (kind: string, name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind, name });
  const role = (kind: "Role" | "ClusterRole", name: string, rules: readonly PolicyRule[], ns?: string) => ({
    apiVersion: rbac,
    kind,
    metadata: { name, ...(ns ? { namespace: ns } : {}), labels },
    rules: rules.map((r) => ({ ...r })),
  });
  const binding = (kind: "RoleBinding" | "ClusterRoleBinding", name: string, ref: object, ns?: string) => ({
    apiVersion: rbac,
    kind,
    metadata: { name, ...(ns ? { namespace: ns } : {}), labels },
    roleRef: ref,
    subjects: [subject],
  });
  const leaderElection = `${OPERATOR_NAME}-leader-election`;
  const scoped = options.watchNamespaces
    ? options.watchNamespaces.flatMap((ns) => [
        role("Role", OPERATOR_NAME, OPERATOR_RULES, ns),
        binding("RoleBinding", OPERATOR_NAME, roleRef("Role", OPERATOR_NAME), ns),
      ])
    : [
        role("ClusterRole", OPERATOR_NAME, OPERATOR_RULES),
        binding("ClusterRoleBinding", OPERATOR_NAME, roleRef("ClusterRole", OPERATOR_NAME)),
      ];
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: serviceAccount, namespace, labels } },
    ...scoped,
    role("Role", leaderElection, leaderElectionRules(leaseName), namespace),
    binding("RoleBinding", leaderElection, roleRef("Role", leaderElection), namespace),
  ] as KubernetesObject[];
};
