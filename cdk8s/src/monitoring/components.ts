import { MODEL_SERVER_METRICS_PORT } from "@fincoach/contracts";

/** Pod label naming the product; every FinCoach pod the chart runs carries it. */
export const NAME_LABEL = "app.kubernetes.io/name";
/** Pod label naming the component (api, ml, worker, beat, operator). */
export const COMPONENT_LABEL = "app.kubernetes.io/component";

/**
 * One component Prometheus scrapes: its pods (and the Service in front of them) carry
 * `selectorLabels`, and the container port named `metricsPortName` serves `/metrics`.
 */
export interface MonitoredComponent {
  /** The component's name; it becomes the `component` label of every series scraped from it. */
  readonly name: string;
  /** Labels on the component's pods and on its Service (ServiceMonitors select the Service by them). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /**
   * Name of the container port (and Service port) serving `/metrics`.
   * @default "metrics"
   */
  readonly metricsPortName?: string;
}

/** The components the chart itself runs; the operator's children are scraped separately. */
export const FINCOACH_COMPONENT_NAMES = ["api", "ml", "worker", "beat", "operator"] as const;

/** The chart's components with the labels the service constructs give their pods. */
export const fincoachComponents = (): MonitoredComponent[] =>
  FINCOACH_COMPONENT_NAMES.map((name) => ({
    name,
    selectorLabels: { [NAME_LABEL]: "fincoach", [COMPONENT_LABEL]: name },
    metricsPortName: "metrics",
  }));

/**
 * The pods the operator creates (operator/src/labels.ts, desired-*-children.ts): per-schedule
 * worker pools and per-version model servers, in any namespace a custom resource lives in.
 * Their `component` label values are the operator's own.
 */
export const OPERATOR_MANAGED = {
  managedBy: "fincoach-operator",
  syncWorker: {
    component: "sync-worker",
    container: "worker",
    /**
     * The worker's METRICS_PORT default (services/worker/src/env.ts). The operator's worker
     * container declares no port, so the scrape address is the pod IP plus this number.
     */
    metricsPort: 9464,
  },
  /** ML pods the operator runs serve /metrics on a port of its own (the contracts'), like the champion's. */
  modelServer: { component: "model-server", container: "model-server", portName: MODEL_SERVER_METRICS_PORT.name },
} as const;
