import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { fincoachDashboard, NS, timeseries } from "./panels.ts";

// Beat's own `namespace` label (the schedule's) clashes with the target label and is
// renamed `exported_namespace` on scrape; `namespace` is beat's pod's.
const BEAT = `component="beat",${NS}`;

/** From schedule to synced rows: beat's ticks, the queues' backlog, and the workers taking it. */
export const syncPipelineDashboard = (): Dashboard =>
  fincoachDashboard(
    "fincoach-sync-pipeline",
    "FinCoach / Sync pipeline",
    "Beat's schedules and ticks, the queue backlog the worker HPAs scale on, and the workers.",
    [
      {
        title: "Queues and workers",
        panels: [
          timeseries("Backlog per queue (jobs waiting to start)", "none", [
            // Every replica reports its queue's whole backlog: max, not sum.
            { expr: `max by (namespace, queue) (fincoach_queue_backlog{${NS}})`, legend: "{{namespace}} {{queue}}" },
          ]),
          timeseries("Workers up per pool", "none", [
            {
              expr: `sum by (namespace, component) (up{component=~"worker|sync-worker",${NS}})`,
              legend: "{{namespace}} {{component}}",
            },
          ]),
          timeseries("Backlog per worker up (what the HPA's AverageValue compares)", "none", [
            {
              expr: `max by (namespace, queue) (fincoach_queue_backlog{component="sync-worker",${NS}}) / on (namespace) group_left () sum by (namespace) (up{component="sync-worker",${NS}})`,
              legend: "{{namespace}} {{queue}}",
            },
          ]),
          // Jobs ended for good (a job once, whichever attempt ended it), not attempts.
          timeseries("Sync jobs ended by outcome (per hour)", "none", [
            {
              expr: `sum by (namespace, queue, kind, outcome) (increase(fincoach_sync_jobs_total{${NS}}[1h]))`,
              legend: "{{namespace}} {{queue}} {{kind}} {{outcome}}",
            },
          ]),
          timeseries("Sync job failure ratio (30m, what FincoachSyncFailureRate compares)", "percentunit", [
            {
              expr: `sum by (namespace, queue) (rate(fincoach_sync_jobs_total{${NS},outcome="failed"}[30m])) / sum by (namespace, queue) (rate(fincoach_sync_jobs_total{${NS}}[30m]))`,
              legend: "{{namespace}} {{queue}}",
            },
          ]),
          timeseries("Worker CPU by pod", "percentunit", [
            {
              expr: `sum by (pod) (rate(process_cpu_seconds_total{component=~"worker|sync-worker",${NS}}[$__rate_interval]))`,
              legend: "{{pod}}",
            },
          ]),
        ],
      },
      {
        title: "Beat",
        panels: [
          timeseries("Ticks by outcome (per hour)", "none", [
            {
              expr: `sum by (exported_namespace, schedule, outcome) (increase(fincoach_beat_ticks_total{${BEAT}}[1h]))`,
              legend: "{{exported_namespace}}/{{schedule}} {{outcome}}",
            },
          ]),
          timeseries("Sync jobs enqueued/s per schedule", "ops", [
            {
              expr: `sum by (exported_namespace, schedule) (rate(fincoach_beat_jobs_enqueued_total{${BEAT}}[$__rate_interval]))`,
              legend: "{{exported_namespace}}/{{schedule}}",
            },
          ]),
          timeseries("Jobs queued/active per schedule", "none", [
            {
              expr: `max by (exported_namespace, schedule) (fincoach_beat_jobs_queued{${BEAT}})`,
              legend: "queued {{exported_namespace}}/{{schedule}}",
            },
            {
              expr: `max by (exported_namespace, schedule) (fincoach_beat_jobs_active{${BEAT}})`,
              legend: "active {{exported_namespace}}/{{schedule}}",
            },
          ]),
          timeseries("Seconds since last tick / until next tick", "s", [
            {
              expr: `time() - max by (exported_namespace, schedule) (fincoach_beat_last_schedule_time_seconds{${BEAT}})`,
              legend: "since {{exported_namespace}}/{{schedule}}",
            },
            {
              expr: `min by (exported_namespace, schedule) (fincoach_beat_next_schedule_time_seconds{${BEAT}}) - time()`,
              legend: "until {{exported_namespace}}/{{schedule}}",
            },
          ]),
          timeseries("Time to enqueue a run (p95)", "s", [
            {
              expr: `histogram_quantile(0.95, sum by (le) (rate(fincoach_beat_run_duration_seconds_bucket{${BEAT}}[$__rate_interval])))`,
              legend: "p95",
            },
          ]),
        ],
      },
    ],
  );
