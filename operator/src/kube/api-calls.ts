/** One kind of request the operator makes: what RBAC authorizes. */
export type ApiCall = { group: string; resource: string; verb: string };

/** The resources the operator touches, by kind: group and plural (what RBAC names). */
export const RESOURCES = {
  SyncSchedule: { group: "fincoach.dev", resource: "syncschedules" },
  ModelVersion: { group: "fincoach.dev", resource: "modelversions" },
  Deployment: { group: "apps", resource: "deployments" },
  HorizontalPodAutoscaler: { group: "autoscaling", resource: "horizontalpodautoscalers" },
  Service: { group: "", resource: "services" },
  ConfigMap: { group: "", resource: "configmaps" },
  Lease: { group: "coordination.k8s.io", resource: "leases" },
  Event: { group: "events.k8s.io", resource: "events" },
} as const;
export type ResourceKind = keyof typeof RESOURCES;

const calls = (kind: ResourceKind, verbs: string[], subresource?: string): ApiCall[] =>
  verbs.map((verb) => ({
    group: RESOURCES[kind].group,
    resource: subresource ? `${RESOURCES[kind].resource}/${subresource}` : RESOURCES[kind].resource,
    verb,
  }));

/**
 * Every request the operator makes, by who makes it. The RBAC rules (rbac.ts) must allow
 * exactly these (a unit test compares both ways) and the integration tests run the
 * operator under those rules, recording the calls it really makes against this table.
 */
export const API_CALLS: readonly ApiCall[] = [
  // Informers: list + watch of every primary and child kind.
  ...(
    ["SyncSchedule", "ModelVersion", "Deployment", "HorizontalPodAutoscaler", "Service", "ConfigMap"] as const
  ).flatMap((kind) => calls(kind, ["list", "watch"])),
  // Server-side apply of children (an apply that creates is also authorized as create).
  ...(["Deployment", "HorizontalPodAutoscaler", "Service", "ConfigMap"] as const).flatMap((kind) =>
    calls(kind, ["patch", "create"]),
  ),
  // The traffic-weights ConfigMap is read live before its read-modify-write.
  ...calls("ConfigMap", ["get"]),
  // A model's versions are listed live (field selector spec.model) for a consistent rollout step.
  // The ModelVersion finalizer is added and removed by server-side apply.
  ...calls("ModelVersion", ["patch"]),
  // Status through the status subresource only.
  ...calls("SyncSchedule", ["patch"], "status"),
  ...calls("ModelVersion", ["patch"], "status"),
  // Children carry blockOwnerDeletion, which OwnerReferencesPermissionEnforcement (where
  // enabled) authorizes as an update of the owner's finalizers subresource.
  ...calls("SyncSchedule", ["update"], "finalizers"),
  ...calls("ModelVersion", ["update"], "finalizers"),
  // Leader election (namespaced Role) and Events.
  ...calls("Lease", ["get", "create", "update"]),
  ...calls("Event", ["create", "patch"]),
];

/** `group/resource:verb`, for sets and messages. */
export const callKey = (c: ApiCall): string => `${c.group || "core"}/${c.resource}:${c.verb}`;
