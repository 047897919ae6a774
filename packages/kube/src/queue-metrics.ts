import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** Hooks a {@link WorkQueue} calls; every one is optional so a test can observe just one. */
export type QueueMetrics = {
  /** Keys waiting to be handed to a worker, after every change. */
  depth?(depth: number): void;
  /** A key was added (dedupe hits included, like client-go). */
  add?(): void;
  /** A key was re-queued with backoff. */
  retry?(): void;
  /** Seconds a key waited in the queue before a worker took it. */
  queueLatency?(seconds: number): void;
  /** Seconds a worker spent on one key. */
  workDuration?(seconds: number): void;
};

const metric = <M>(registry: Registry, name: string, make: () => M): M =>
  (registry.getSingleMetric(name) as M | undefined) ?? make();

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * {@link QueueMetrics} as Prometheus series named like controller-runtime's
 * (`workqueue_depth`, `workqueue_adds_total`, `workqueue_retries_total`,
 * `workqueue_queue_duration_seconds`, `workqueue_work_duration_seconds`), labelled by queue
 * `name`. Several queues share the series in one registry.
 */
export const promQueueMetrics = (registry: Registry, name: string): QueueMetrics => {
  const registers = [registry];
  const labelNames = ["name"] as const;
  const depth = metric(
    registry,
    "workqueue_depth",
    () => new Gauge({ name: "workqueue_depth", help: "Current depth of the work queue", labelNames, registers }),
  );
  const adds = metric(
    registry,
    "workqueue_adds_total",
    () => new Counter({ name: "workqueue_adds_total", help: "Keys added to the work queue", labelNames, registers }),
  );
  const retries = metric(
    registry,
    "workqueue_retries_total",
    () => new Counter({ name: "workqueue_retries_total", help: "Keys re-queued with backoff", labelNames, registers }),
  );
  const queued = metric(
    registry,
    "workqueue_queue_duration_seconds",
    () =>
      new Histogram({
        name: "workqueue_queue_duration_seconds",
        help: "Seconds a key waits before a worker takes it",
        labelNames,
        buckets: BUCKETS,
        registers,
      }),
  );
  const work = metric(
    registry,
    "workqueue_work_duration_seconds",
    () =>
      new Histogram({
        name: "workqueue_work_duration_seconds",
        help: "Seconds spent processing one key",
        labelNames,
        buckets: BUCKETS,
        registers,
      }),
  );
  return {
    depth: (n) => depth.set({ name }, n),
    add: () => adds.inc({ name }),
    retry: () => retries.inc({ name }),
    queueLatency: (s) => queued.observe({ name }, s),
    workDuration: (s) => work.observe({ name }, s),
  };
};
