/**
 * The monitoring constructs (cdk8s/src/monitoring/) composed into the chart when
 * `monitoring.enabled`: ServiceMonitors/PodMonitors, PrometheusRule, Grafana dashboard
 * ConfigMaps, plain scrape config, prometheus-adapter rule, each behind its own value. The components are given with the labels this chart's Services and pods
 * carry (names.ts), so the monitors select what is really deployed.
 */
import type { Construct } from "constructs";
import { Monitoring } from "./monitoring/index.ts";
import { type Component, selectorOf } from "./names.ts";
import { type Feature, markFeature } from "./objects.ts";
import type { FincoachSettings } from "./settings.ts";

const MONITORED: readonly Component[] = ["api", "ml", "worker", "beat", "operator"];

/** Which of Monitoring's objects each toggle governs, by construct id prefix (monitoring/monitoring.ts). */
const PART_OF_ID: [string, Feature][] = [
  ["service-monitor-", "prometheusOperator"],
  ["pod-monitor-", "prometheusOperator"],
  ["prometheus-rule", "prometheusOperator"],
  ["plain-prometheus-config", "plainPrometheusConfig"],
  ["dashboard-", "dashboards"],
  ["prometheus-adapter-config", "prometheusAdapter"],
];

export const addMonitoring = (scope: Construct, settings: FincoachSettings): Monitoring => {
  const m = settings.monitoring;
  const monitoring = new Monitoring(scope, "monitoring", {
    namespace: settings.namespace,
    components: MONITORED.map((name) => ({ name, selectorLabels: selectorOf(name), metricsPortName: "metrics" })),
    serviceMonitors: m.prometheusOperator,
    prometheusRules: m.prometheusOperator,
    plainPrometheusConfig: m.plainPrometheusConfig,
    dashboards: m.dashboards,
    ...(m.prometheusAdapterNamespace ? { prometheusAdapterNamespace: m.prometheusAdapterNamespace } : {}),
  });
  // Marked for the Helm generator, which builds them all and puts each behind its value.
  for (const child of monitoring.node.children) {
    const feature = PART_OF_ID.find(([prefix]) => child.node.id.startsWith(prefix))?.[1];
    if (!feature) throw new Error(`monitoring: no toggle for ${child.node.id}`);
    markFeature(child, feature);
  }
  return monitoring;
};
