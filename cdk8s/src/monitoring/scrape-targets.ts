import { COMPONENT_LABEL, type MonitoredComponent, OPERATOR_MANAGED } from "./components.ts";
import type { OperatorRelabelConfig } from "./prometheus-operator-objects.ts";

/** A relabel rule as Prometheus's own configuration spells it (snake_case). */
export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
  readonly action?: "replace" | "keep" | "drop";
}

/** `__meta_kubernetes_pod_label_<name>` with the name sanitized the way Kubernetes SD does. */
export const podLabelMeta = (label: string): string =>
  `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`;

/** Regex matching exactly `value` (relabel regexes are anchored; dots and the like escaped). */
const exactly = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Target labels every FinCoach series carries, whichever way it was scraped (Prometheus
 * Operator or plain config): `namespace` (the operator's Prometheus stats source matches it,
 * PROMETHEUS_NAMESPACE_LABEL), `pod`, `container`, and `component` from the pod's
 * app.kubernetes.io/component label, which alerts and dashboards select on. The registries'
 * own `service` default label is left alone: the Prometheus Operator sets a `service` target
 * label too, and the clash renames one of them, so nothing here relies on `service`.
 */
export const componentLabelRule: RelabelConfig = {
  source_labels: [podLabelMeta(COMPONENT_LABEL)],
  target_label: "component",
};

/** The relabelling a ServiceMonitor/PodMonitor needs on top of the operator's defaults. */
export const operatorRelabelings = (rules: readonly RelabelConfig[]): OperatorRelabelConfig[] =>
  rules.map((r) => ({
    ...(r.source_labels ? { sourceLabels: r.source_labels } : {}),
    ...(r.regex !== undefined ? { regex: r.regex } : {}),
    ...(r.target_label ? { targetLabel: r.target_label } : {}),
    ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
    ...(r.action ? { action: r.action } : {}),
  }));

/**
 * The operator's sync-worker containers declare no port: scrape the pod IP at the worker's
 * METRICS_PORT (its default unless the workers' env Secret sets another).
 */
export const syncWorkerAddressRule = (port: number = OPERATOR_MANAGED.syncWorker.metricsPort): RelabelConfig => ({
  source_labels: ["__meta_kubernetes_pod_ip"],
  // An IPv6 pod IP would need brackets; the clusters FinCoach targets are IPv4 or dual-stack with IPv4 first.
  regex: "(.+)",
  target_label: "__address__",
  replacement: `$1:${port}`,
});

const keep = (sourceLabel: string, value: string): RelabelConfig => ({
  source_labels: [sourceLabel],
  regex: exactly(value),
  action: "keep",
});

/** Labels every plain-config job sets (the Prometheus Operator sets the first three itself). */
const TARGET_LABELS: readonly RelabelConfig[] = [
  { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
  { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
  { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" },
  componentLabelRule,
];

/** Pods that finished or have not started have nothing to scrape. */
const RUNNING_ONLY: RelabelConfig = {
  source_labels: ["__meta_kubernetes_pod_phase"],
  regex: "Pending|Succeeded|Failed",
  action: "drop",
};

/**
 * Which discovered targets are a sync-worker's metrics: the operator's pods with the worker
 * container. Pod discovery yields one target per declared port, and one per portless
 * container; the worker container has no port, so exactly one target per pod remains.
 */
export const syncWorkerSelection: readonly RelabelConfig[] = [
  keep(podLabelMeta("app.kubernetes.io/managed-by"), OPERATOR_MANAGED.managedBy),
  keep(podLabelMeta(COMPONENT_LABEL), OPERATOR_MANAGED.syncWorker.component),
  keep("__meta_kubernetes_pod_container_name", OPERATOR_MANAGED.syncWorker.container),
];

/** One `scrape_configs` entry of a plain Prometheus configuration. */
export interface ScrapeConfig {
  readonly job_name: string;
  readonly metrics_path: string;
  readonly kubernetes_sd_configs: readonly { role: "pod"; namespaces?: { names: readonly string[] } }[];
  readonly relabel_configs: readonly RelabelConfig[];
}

/**
 * A plain Prometheus `scrape_configs` list (Kubernetes pod discovery) that yields the same
 * series, with the same target labels, as the ServiceMonitors/PodMonitors: one job per
 * component in `namespace`, and the operator's worker pools and model servers in any namespace.
 */
export const plainScrapeConfigs = (
  namespace: string,
  components: readonly MonitoredComponent[],
  syncWorkerMetricsPort: number = OPERATOR_MANAGED.syncWorker.metricsPort,
): ScrapeConfig[] => [
  ...components.map(
    (c): ScrapeConfig => ({
      job_name: `fincoach-${c.name}`,
      metrics_path: "/metrics",
      kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [namespace] } }],
      relabel_configs: [
        RUNNING_ONLY,
        ...Object.entries(c.selectorLabels).map(([label, value]) => keep(podLabelMeta(label), value)),
        keep("__meta_kubernetes_pod_container_port_name", c.metricsPortName ?? "metrics"),
        ...TARGET_LABELS,
      ],
    }),
  ),
  {
    job_name: "fincoach-sync-workers",
    metrics_path: "/metrics",
    kubernetes_sd_configs: [{ role: "pod" }],
    relabel_configs: [
      RUNNING_ONLY,
      ...syncWorkerSelection,
      syncWorkerAddressRule(syncWorkerMetricsPort),
      ...TARGET_LABELS,
    ],
  },
  {
    job_name: "fincoach-model-servers",
    metrics_path: "/metrics",
    kubernetes_sd_configs: [{ role: "pod" }],
    relabel_configs: [
      RUNNING_ONLY,
      keep(podLabelMeta("app.kubernetes.io/managed-by"), OPERATOR_MANAGED.managedBy),
      keep(podLabelMeta(COMPONENT_LABEL), OPERATOR_MANAGED.modelServer.component),
      keep("__meta_kubernetes_pod_container_port_name", OPERATOR_MANAGED.modelServer.portName),
      ...TARGET_LABELS,
    ],
  },
];
