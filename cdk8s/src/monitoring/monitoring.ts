import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { ApiObject, Yaml } from "cdk8s";
import { Construct } from "constructs";
import { type AlertThresholds, fincoachRuleGroups } from "./alert-rules.ts";
import { COMPONENT_LABEL, fincoachComponents, type MonitoredComponent, OPERATOR_MANAGED } from "./components.ts";
import { fincoachDashboards } from "./dashboards/index.ts";
import { prometheusAdapterConfig } from "./prometheus-adapter.ts";
import { podMonitor, prometheusRule, type RuleGroup, serviceMonitor } from "./prometheus-operator-objects.ts";
import { rulesFile } from "./rules-file.ts";
import {
  componentLabelRule,
  operatorRelabelings,
  plainScrapeConfigs,
  syncWorkerAddressRule,
  syncWorkerSelection,
} from "./scrape-targets.ts";

/** What the Monitoring construct emits; everything but the namespace has a default. */
export interface MonitoringProps {
  /** The namespace FinCoach runs in: its components are scraped there, and the objects below live there. */
  readonly namespace: string;
  /**
   * The components to scrape, alert on and chart.
   * @default fincoachComponents(): api, ml, worker, beat, operator, labelled
   *   app.kubernetes.io/name=fincoach + app.kubernetes.io/component=<name>, port `metrics`
   */
  readonly components?: readonly MonitoredComponent[];
  /**
   * Labels added to every monitoring object, e.g. `{ release: "kube-prometheus-stack" }` when
   * the Prometheus selects ServiceMonitors and PrometheusRules by label.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * ServiceMonitors for the components, and PodMonitors for the operator's worker pools and
   * model servers (needs the Prometheus Operator's CRDs in the cluster).
   * @default true
   */
  readonly serviceMonitors?: boolean;
  /**
   * The alerts and SLO recording rules as a PrometheusRule (Prometheus Operator).
   * @default true
   */
  readonly prometheusRules?: boolean;
  /**
   * For a Prometheus without the operator: a ConfigMap `fincoach-prometheus` holding
   * `scrape-configs.yaml` (kubernetes_sd pod discovery, same target labels as the monitors)
   * and `rules.yaml` (the same rules as the PrometheusRule).
   * @default false
   */
  readonly plainPrometheusConfig?: boolean;
  /**
   * The Grafana dashboards as ConfigMaps labelled `grafana_dashboard: "1"` (Grafana's
   * dashboard sidecar loads them from any namespace it watches).
   * @default true
   */
  readonly dashboards?: boolean;
  /**
   * Namespace of a prometheus-adapter to serve the queue backlog as the External metric the
   * operator's worker HPAs scale on: emits ConfigMap `fincoach-prometheus-adapter` (key
   * `config.yaml`) there. Unset: nothing emitted (and the worker HPAs cannot read their metric).
   * @default undefined
   */
  readonly prometheusAdapterNamespace?: string;
  /** Thresholds of the alerts. @default see AlertThresholds */
  readonly thresholds?: AlertThresholds;
  /**
   * The port the operator's worker pools serve /metrics on: their METRICS_PORT (the
   * workers' env Secret may set it; their container declares no port to find it by).
   * @default 9464 (the worker's default)
   */
  readonly syncWorkerMetricsPort?: number;
  /**
   * How often each target is scraped.
   * @default "30s"
   */
  readonly scrapeInterval?: string;
}

/** Label the Grafana sidecar (kiwigrid k8s-sidecar, Grafana's Helm chart) loads dashboards by. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;

/**
 * FinCoach's monitoring: how Prometheus finds every component (Prometheus Operator monitors,
 * or a plain scrape configuration), the alerts with their runbooks, the Grafana dashboards,
 * and the prometheus-adapter rule that brings the queue backlog to the worker HPAs.
 */
export class Monitoring extends Construct {
  /** The rule groups emitted (PrometheusRule and/or rules.yaml); empty when neither is. */
  public readonly ruleGroups: readonly RuleGroup[];
  /** The dashboards emitted, as Grafana JSON models. */
  public readonly dashboards: readonly Dashboard[];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { namespace } = props;
    const components = props.components ?? fincoachComponents();
    const interval = props.scrapeInterval ?? "30s";
    const meta = (name: string, extra: Record<string, string> = {}, ns = namespace) => ({
      name,
      namespace: ns,
      labels: {
        "app.kubernetes.io/name": "fincoach",
        "app.kubernetes.io/component": "monitoring",
        ...props.labels,
        ...extra,
      },
    });
    const groups = fincoachRuleGroups(props.thresholds);
    const emitsRules = (props.prometheusRules ?? true) || (props.plainPrometheusConfig ?? false);
    this.ruleGroups = emitsRules ? groups : [];
    this.dashboards = (props.dashboards ?? true) ? fincoachDashboards() : [];

    if (props.serviceMonitors ?? true) {
      for (const c of components) {
        new ApiObject(
          this,
          `service-monitor-${c.name}`,
          serviceMonitor(meta(`fincoach-${c.name}`), {
            selector: { matchLabels: c.selectorLabels },
            namespaceSelector: { matchNames: [namespace] },
            endpoints: [
              {
                port: c.metricsPortName ?? "metrics",
                path: "/metrics",
                interval,
                relabelings: operatorRelabelings([componentLabelRule]),
              },
            ],
          }),
        );
      }
      // The operator's children live in the namespaces of their custom resources.
      new ApiObject(
        this,
        "pod-monitor-sync-workers",
        podMonitor(meta("fincoach-sync-workers"), {
          selector: {
            matchLabels: {
              "app.kubernetes.io/managed-by": OPERATOR_MANAGED.managedBy,
              [COMPONENT_LABEL]: OPERATOR_MANAGED.syncWorker.component,
            },
          },
          namespaceSelector: { any: true },
          podMetricsEndpoints: [
            {
              path: "/metrics",
              interval,
              relabelings: operatorRelabelings([
                ...syncWorkerSelection,
                syncWorkerAddressRule(props.syncWorkerMetricsPort),
                componentLabelRule,
              ]),
            },
          ],
        }),
      );
      new ApiObject(
        this,
        "pod-monitor-model-servers",
        podMonitor(meta("fincoach-model-servers"), {
          selector: {
            matchLabels: {
              "app.kubernetes.io/managed-by": OPERATOR_MANAGED.managedBy,
              [COMPONENT_LABEL]: OPERATOR_MANAGED.modelServer.component,
            },
          },
          namespaceSelector: { any: true },
          podMetricsEndpoints: [
            {
              port: OPERATOR_MANAGED.modelServer.portName,
              path: "/metrics",
              interval,
              relabelings: operatorRelabelings([componentLabelRule]),
            },
          ],
        }),
      );
    }

    if (props.prometheusRules ?? true) {
      new ApiObject(this, "prometheus-rule", prometheusRule(meta("fincoach"), { groups }));
    }

    if (props.plainPrometheusConfig ?? false) {
      new ApiObject(this, "plain-prometheus-config", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: meta("fincoach-prometheus"),
        data: {
          "scrape-configs.yaml": Yaml.stringify({
            scrape_configs: plainScrapeConfigs(namespace, components, props.syncWorkerMetricsPort).map((job) => ({
              ...job,
              scrape_interval: interval,
            })),
          }),
          "rules.yaml": rulesFile(groups),
        },
      });
    }

    for (const dashboard of this.dashboards) {
      const uid = dashboard.uid ?? "";
      new ApiObject(this, `dashboard-${uid}`, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: meta(`${uid}-dashboard`, GRAFANA_DASHBOARD_LABEL),
        data: { [`${uid}.json`]: JSON.stringify(dashboard, null, 2) },
      });
    }

    if (props.prometheusAdapterNamespace !== undefined) {
      new ApiObject(this, "prometheus-adapter-config", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: meta("fincoach-prometheus-adapter", {}, props.prometheusAdapterNamespace),
        data: { "config.yaml": Yaml.stringify(prometheusAdapterConfig()) },
      });
    }
  }
}
