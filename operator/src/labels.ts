/** The field manager of every write the operator makes (server-side apply and status). */
export const FIELD_MANAGER = "fincoach-operator";

/** Finalizer holding a ModelVersion until it is out of the traffic weights. */
export const TRAFFIC_FINALIZER = "fincoach.dev/traffic";

/** `reportingController` of the operator's Events. */
export const REPORTING_CONTROLLER = "fincoach.dev/operator";

/** Labels on every child, so `kubectl get all -l app.kubernetes.io/managed-by=fincoach-operator` finds them. */
export const commonLabels = (component: string, instance: string): Record<string, string> => ({
  "app.kubernetes.io/component": component,
  "app.kubernetes.io/instance": instance,
  "app.kubernetes.io/managed-by": FIELD_MANAGER,
  "app.kubernetes.io/part-of": "fincoach",
});

/**
 * Converts CRD quantities (int-or-string) to the strings core/v1 types declare; the
 * apiserver would accept either, the TypeScript types do not.
 */
export const toResourceList = (
  list: Record<string, string | number> | undefined,
): Record<string, string> | undefined =>
  list ? Object.fromEntries(Object.entries(list).map(([k, v]) => [k, String(v)])) : undefined;

/** Resources for a container spec, without empty keys (so an apply does not own `{}`). */
export const containerResources = (
  resources: { requests?: Record<string, string | number>; limits?: Record<string, string | number> } | undefined,
) => {
  if (!resources) return undefined;
  const requests = toResourceList(resources.requests);
  const limits = toResourceList(resources.limits);
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
};

/** A restricted-profile container security context (Pod Security "restricted"). */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** The `node` user of the FinCoach images (node:24-slim; cdk8s/src/pod.ts NODE_UID). */
export const NODE_UID = 1000;

/** The restricted pod security context of the chart's pods (cdk8s/src/pod.ts RESTRICTED_POD_SECURITY). */
export const RESTRICTED_POD = {
  runAsNonRoot: true,
  runAsUser: NODE_UID,
  runAsGroup: NODE_UID,
  fsGroup: NODE_UID,
  seccompProfile: { type: "RuntimeDefault" },
};
