/**
 * The few fields of the Prometheus Operator's CRDs (monitoring.coreos.com/v1) FinCoach
 * writes, typed, so a typo is a compile error. `cdk8s import` would generate the full types
 * but needs the CRDs from the network at build time; these stay a hand-kept subset.
 */

/** A Prometheus relabel rule as the Prometheus Operator spells it (camelCase). */
export interface OperatorRelabelConfig {
  readonly sourceLabels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string;
  readonly targetLabel?: string;
  readonly replacement?: string;
  readonly action?: "replace" | "keep" | "drop" | "labelmap" | "labeldrop" | "labelkeep";
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { key: string; operator: "In" | "NotIn" | "Exists"; values?: string[] }[];
}

export type NamespaceSelector = { readonly any: true } | { readonly matchNames: readonly string[] };

export interface ServiceMonitorSpec {
  readonly selector: LabelSelector;
  readonly namespaceSelector: NamespaceSelector;
  readonly endpoints: readonly {
    readonly port: string;
    readonly path: string;
    readonly interval?: string;
    readonly relabelings?: readonly OperatorRelabelConfig[];
  }[];
}

export interface PodMonitorSpec {
  readonly selector: LabelSelector;
  readonly namespaceSelector: NamespaceSelector;
  readonly podMetricsEndpoints: readonly {
    /** Omitted: every container of the pod, portless ones included (relabel `__address__`). */
    readonly port?: string;
    readonly path: string;
    readonly interval?: string;
    readonly relabelings?: readonly OperatorRelabelConfig[];
  }[];
}

/** One alerting or recording rule, as Prometheus's rule files spell it. */
export type Rule =
  | {
      readonly alert: string;
      readonly expr: string;
      readonly for?: string;
      readonly labels?: Readonly<Record<string, string>>;
      readonly annotations: Readonly<{ summary: string; description: string; runbook: string }>;
    }
  | { readonly record: string; readonly expr: string; readonly labels?: Readonly<Record<string, string>> };

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

export interface PrometheusRuleSpec {
  readonly groups: readonly RuleGroup[];
}

export const MONITORING_API_VERSION = "monitoring.coreos.com/v1";

type Manifest<K extends string, S> = {
  apiVersion: typeof MONITORING_API_VERSION;
  kind: K;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: S;
};
type Meta = { name: string; namespace: string; labels: Record<string, string> };

/** A ServiceMonitor's ApiObject props. */
export const serviceMonitor = (
  metadata: Meta,
  spec: ServiceMonitorSpec,
): Manifest<"ServiceMonitor", ServiceMonitorSpec> => ({
  apiVersion: MONITORING_API_VERSION,
  kind: "ServiceMonitor",
  metadata,
  spec,
});

/** A PodMonitor's ApiObject props. */
export const podMonitor = (metadata: Meta, spec: PodMonitorSpec): Manifest<"PodMonitor", PodMonitorSpec> => ({
  apiVersion: MONITORING_API_VERSION,
  kind: "PodMonitor",
  metadata,
  spec,
});

/** A PrometheusRule's ApiObject props. */
export const prometheusRule = (
  metadata: Meta,
  spec: PrometheusRuleSpec,
): Manifest<"PrometheusRule", PrometheusRuleSpec> => ({
  apiVersion: MONITORING_API_VERSION,
  kind: "PrometheusRule",
  metadata,
  spec,
});
