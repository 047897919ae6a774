/**
 * Names, labels and ports the manifests share. The operator's children and beat's status
 * ConfigMaps use the same `app.kubernetes.io/*` keys (operator/src/labels.ts), so one
 * NetworkPolicy selector reaches the champion and the operator's model-server pods alike.
 */

export const PART_OF = "fincoach";

/** The FinCoach components this chart deploys. */
export type Component = "api" | "ml" | "worker" | "beat" | "operator" | "migrate" | "postgres" | "redis";

/** Name of a component's Deployment, Service, ServiceAccount... */
export const nameOf = (component: Component): string => `fincoach-${component}`;

/** Pod labels of the operator's children (operator/src/labels.ts `commonLabels` component values). */
export const OPERATOR_MODEL_SERVER_COMPONENT = "model-server";
export const OPERATOR_SYNC_WORKER_COMPONENT = "sync-worker";

/** Selector labels of one component's pods. */
export const selectorOf = (component: Component): Record<string, string> => ({
  "app.kubernetes.io/name": nameOf(component),
  "app.kubernetes.io/part-of": PART_OF,
});

/** Labels of the objects that belong to no one component (NetworkPolicies). */
export const COMMON_LABELS: Record<string, string> = {
  "app.kubernetes.io/name": "fincoach",
  "app.kubernetes.io/part-of": PART_OF,
  "app.kubernetes.io/managed-by": "cdk8s",
};

/** Labels of every object of a component. */
export const labelsOf = (component: Component): Record<string, string> => ({
  ...selectorOf(component),
  "app.kubernetes.io/component": component,
  "app.kubernetes.io/managed-by": "cdk8s",
});

/** Ports each service listens on (their env.ts defaults, set explicitly in the manifests). */
export const PORTS = {
  /** The API's HTTP port (also /healthz, /readyz). */
  api: 8080,
  /** The API's Prometheus port. */
  apiMetrics: 9464,
  /** The ML service's HTTP port, as in the operator's per-version Deployments (INFERENCE_PORT). */
  ml: 8080,
  ml_metrics: 9464,
  /** The worker's only listener: /healthz, /readyz, /metrics. */
  worker: 9465,
  /** Beat's only listener: /healthz, /readyz, /metrics. */
  beat: 9466,
  /** The operator's only listener: /healthz, /readyz, /metrics. */
  operator: 8081,
  postgres: 5432,
  redis: 6379,
} as const;

/** Where the operator's traffic-weights ConfigMap is mounted in the API, worker and ML pods. */
export const TRAFFIC_WEIGHTS_DIR = "/etc/fincoach/traffic";
