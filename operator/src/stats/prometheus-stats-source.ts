import { buildVersionStats, mlStatsQueries } from "@fincoach/contracts";
import { querySingleValue } from "./prometheus-query.ts";
import type { StatsSource } from "./stats-source.ts";

export type PrometheusStatsOptions = {
  /** Prometheus's base URL; the HTTP API lives under `/api/v1`. */
  url: string;
  /** For all of one version's queries together. */
  timeoutMs: number;
  /** Target label holding the pod's namespace, matched against the query's; unset matches all. */
  namespaceLabel?: string;
  /** The instant the queries are evaluated at and the stats are stamped with. */
  now?: () => Date;
};

/** `increase()` extrapolates to the window's edges: counts come back fractional. */
const count = (value: number | null): number =>
  value === null || !Number.isFinite(value) ? 0 : Math.max(0, Math.round(value));

/**
 * Reads a version's figures from the metrics the ML service exposes (ML_METRICS), with
 * the contract's PromQL (mlStatsQueries), all evaluated at one instant so they describe
 * the same window. No samples means no predictions (the rollout fails a check without
 * enough samples); a p99 that is NaN (no observation in the window) is null. Prometheus
 * being down, slow or answering an error throws, which the rollout counts as a failed check.
 */
export const prometheusStatsSource = (options: PrometheusStatsOptions): StatsSource => ({
  async get(query) {
    const time = options.now?.() ?? new Date();
    const queries = mlStatsQueries({
      model: query.model,
      version: query.version,
      window: query.window,
      ...(options.namespaceLabel ? { scope: { [options.namespaceLabel]: query.namespace } } : {}),
    });
    const signal = AbortSignal.timeout(options.timeoutMs);
    const value = (promql: string) =>
      querySingleValue({ url: options.url, promql, time, timeoutMs: options.timeoutMs, signal });
    const [predictions, errors, p99Seconds, feedbackTotal, feedbackAccepted] = await Promise.all([
      value(queries.predictions).then(count),
      value(queries.errors).then(count),
      value(queries.latencyP99Seconds),
      value(queries.feedbackTotal).then(count),
      value(queries.feedbackAccepted).then(count),
    ]);
    return buildVersionStats({
      model: query.model,
      version: query.version,
      window: query.window,
      predictions,
      // Each count is extrapolated and rounded on its own: keep the contract's subset rules.
      errors: Math.min(errors, predictions),
      latencyP99Ms: p99Seconds !== null && Number.isFinite(p99Seconds) ? p99Seconds * 1000 : null,
      feedbackTotal,
      feedbackAccepted: Math.min(feedbackAccepted, feedbackTotal),
      now: time,
    });
  },
});
