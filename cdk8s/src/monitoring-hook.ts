/**
 * The monitoring constructs (cdk8s/src/monitoring/) composed into the chart when
 * `monitoring.enabled`: ServiceMonitors/PodMonitors, PrometheusRule, Grafana dashboard
 * ConfigMaps. The components are given with the labels this chart's Services and pods
 * carry (names.ts), so the monitors select what is really deployed.
 */
import type { Construct } from "constructs";
import { Monitoring } from "./monitoring/index.ts";
import { type Component, selectorOf } from "./names.ts";
import type { FincoachSettings } from "./settings.ts";

const MONITORED: readonly Component[] = ["api", "ml", "worker", "beat", "operator"];

export const addMonitoring = (scope: Construct, settings: FincoachSettings): Monitoring =>
  new Monitoring(scope, "monitoring", {
    namespace: settings.namespace,
    components: MONITORED.map((name) => ({ name, selectorLabels: selectorOf(name), metricsPortName: "metrics" })),
  });
