import { registerDependencyUp } from "@fincoach/config/dependency-up";
import { registerQueueBacklog } from "@fincoach/jobs";
import { createMetrics } from "@fincoach/telemetry";
import type { Registry } from "prom-client";
// Services and the operator are deployables, which no workspace may depend on
// (scripts/check-dependencies.ts); the test reads their metric modules by path instead, to
// register exactly what each process registers at start.
import { createOperatorMetrics } from "../../../operator/src/metrics.ts";
import { createBeatMetrics } from "../../../services/beat/src/beat-metrics.ts";
import { createMlMetrics } from "../../../services/ml/src/scoring/ml-metrics.ts";
import { registerSyncJobOutcomes } from "../../../services/worker/src/sync-job-outcomes.ts";

/** The series names a registry's metrics produce: histograms as _bucket/_sum/_count, summaries as name/_sum/_count. */
const seriesNames = (registry: Registry): string[] =>
  registry.getMetricsAsArray().flatMap((m) => {
    const { name, type } = m as unknown as { name: string; type: string };
    if (type === "histogram") return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    if (type === "summary") return [name, `${name}_sum`, `${name}_count`];
    return [name];
  });

/**
 * What each process registers, built the way its main.ts builds it (createMetrics plus the
 * process's own metrics), keyed by the `component` label its pods carry. Registered, not
 * collected: the backlog gauge reads Redis only when collected, and nothing here collects.
 */
export const exportedSeriesByComponent = (): Map<string, Set<string>> => {
  const api = createMetrics("api");
  const ml = createMetrics("ml");
  createMlMetrics(ml.registry);
  const worker = createMetrics("worker");
  registerQueueBacklog(worker.registry, []);
  registerSyncJobOutcomes(worker.registry);
  const beat = createMetrics("beat");
  createBeatMetrics(beat.registry);
  // Every service checks its PostgreSQL and Redis at scrape time (each main.ts); the operator does not.
  for (const { registry } of [api, ml, worker, beat]) registerDependencyUp(registry, []);
  const operator = createOperatorMetrics();
  // The work-queue series appear once a controller's queue exists; every operator has some.
  operator.queue("syncschedule");
  const sets = {
    api: api.registry,
    ml: ml.registry,
    // The operator's per-version pods run the ML service's image and registry.
    "model-server": ml.registry,
    worker: worker.registry,
    // The operator's per-schedule pools run the worker's image.
    "sync-worker": worker.registry,
    beat: beat.registry,
    operator: operator.registry,
  };
  return new Map(Object.entries(sets).map(([component, registry]) => [component, new Set(seriesNames(registry))]));
};

/**
 * Series Prometheus writes itself for every target (not the services'): the only one
 * FinCoach's rules and dashboards use is `up`.
 */
export const PROMETHEUS_TARGET_SERIES: ReadonlySet<string> = new Set(["up"]);
