import { Counter, Gauge, Histogram, type Registry } from "prom-client";

const LABELS = ["namespace", "schedule"] as const;

/** Beat's Prometheus metrics, per schedule (`namespace`, `schedule`). */
export const createBeatMetrics = (registry: Registry) => ({
  lastScheduleTime: new Gauge({
    name: "fincoach_beat_last_schedule_time_seconds",
    help: "Unix time of the tick beat last started a run for.",
    labelNames: LABELS,
    registers: [registry],
  }),
  nextScheduleTime: new Gauge({
    name: "fincoach_beat_next_schedule_time_seconds",
    help: "Unix time of the schedule's next tick.",
    labelNames: LABELS,
    registers: [registry],
  }),
  queued: new Gauge({
    name: "fincoach_beat_jobs_queued",
    help: "Sync jobs waiting in the schedule's queue (waiting + prioritized).",
    labelNames: LABELS,
    registers: [registry],
  }),
  active: new Gauge({
    name: "fincoach_beat_jobs_active",
    help: "Sync jobs of the schedule's queue being processed.",
    labelNames: LABELS,
    registers: [registry],
  }),
  ticks: new Counter({
    name: "fincoach_beat_ticks_total",
    help: "Ticks this replica looked at, by outcome (ran, missed-deadline, forbidden, suspended, ...).",
    labelNames: [...LABELS, "outcome"],
    registers: [registry],
  }),
  jobsEnqueued: new Counter({
    name: "fincoach_beat_jobs_enqueued_total",
    help: "Sync jobs this replica enqueued (repeats collapsed by their ids included once per attempt).",
    labelNames: LABELS,
    registers: [registry],
  }),
  runSeconds: new Histogram({
    name: "fincoach_beat_run_duration_seconds",
    help: "Time to enqueue one run (select connections, insert rows, add jobs).",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  }),
});
export type BeatMetrics = ReturnType<typeof createBeatMetrics>;
