import { QUEUE_BACKLOG_METRIC } from "@fincoach/contracts";

/** One `externalRules` entry of prometheus-adapter's configuration file. */
export interface AdapterExternalRule {
  /** Which series the adapter lists (Prometheus `/api/v1/series`) to discover the metric. */
  readonly seriesQuery: string;
  /** Which series label holds which Kubernetes resource: `namespace` scopes the metric to the HPA's namespace. */
  readonly resources: { readonly overrides: Readonly<Record<string, { readonly resource: string }>> };
  /** The External metric's name: the series name matched by `matches`, renamed to `as`. */
  readonly name: { readonly matches: string; readonly as: string };
  /** The query answering one HPA read; the adapter fills in `<<.Series>>` and `<<.LabelMatchers>>`. */
  readonly metricsQuery: string;
}

/**
 * The queue backlog as the External metric the operator's worker HPAs read
 * (`fincoach_queue_backlog`, selector `queue=<syncQueueName>`; operator/src/sync-schedule).
 * The adapter adds the HPA's namespace and selector as label matchers. Every worker replica
 * of a pool reports the same queue's backlog, so the query takes the max: a sum would
 * multiply the backlog by the replica count and the HPA, dividing by replicas
 * (AverageValue), would never scale down.
 */
export const backlogExternalRule = (): AdapterExternalRule => ({
  seriesQuery: `${QUEUE_BACKLOG_METRIC}{namespace!="",queue!=""}`,
  resources: { overrides: { namespace: { resource: "namespace" } } },
  name: { matches: `^${QUEUE_BACKLOG_METRIC}$`, as: QUEUE_BACKLOG_METRIC },
  metricsQuery: "max by (queue) (<<.Series>>{<<.LabelMatchers>>})",
});

/**
 * prometheus-adapter's configuration file (`config.yaml`) serving only FinCoach's External
 * metric. With the prometheus-community chart: `rules.existing=<this ConfigMap's name>`.
 */
export const prometheusAdapterConfig = () => ({ externalRules: [backlogExternalRule()] });
