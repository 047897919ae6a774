import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { fincoachDashboard, NS, stat, timeseries } from "./panels.ts";

const OP = `component="operator",${NS}`;

/** The operator's controllers: reconciles, errors, their work queues, and who leads. */
export const operatorDashboard = (): Dashboard =>
  fincoachDashboard(
    "fincoach-operator",
    "FinCoach / Operator",
    "Reconciles, errors and work queues per controller (SyncSchedule, ModelVersion), and the leader.",
    [
      {
        title: "Controllers",
        panels: [
          stat(
            "Leader",
            "none",
            [{ expr: `max by (pod) (fincoach_operator_is_leader{${OP}})`, legend: "{{pod}}" }],
            12,
          ),
          stat(
            "Reconcile errors (1h)",
            "none",
            [{ expr: `sum(increase(fincoach_operator_reconcile_errors_total{${OP}}[1h]))`, legend: "errors" }],
            12,
          ),
          timeseries("Reconciles/s by controller and result", "ops", [
            {
              expr: `sum by (controller, result) (rate(fincoach_operator_reconciles_total{${OP}}[$__rate_interval]))`,
              legend: "{{controller}} {{result}}",
            },
          ]),
          timeseries("Reconcile errors/s by controller", "ops", [
            {
              expr: `sum by (controller) (rate(fincoach_operator_reconcile_errors_total{${OP}}[$__rate_interval]))`,
              legend: "{{controller}}",
            },
          ]),
          timeseries("Reconcile duration p99 by controller", "s", [
            {
              expr: `histogram_quantile(0.99, sum by (controller, le) (rate(fincoach_operator_reconcile_duration_seconds_bucket{${OP}}[$__rate_interval])))`,
              legend: "{{controller}}",
            },
          ]),
        ],
      },
      {
        title: "Work queues",
        panels: [
          timeseries("Depth", "none", [{ expr: `sum by (name) (workqueue_depth{${OP}})`, legend: "{{name}}" }]),
          timeseries("Adds and retries/s", "ops", [
            { expr: `sum by (name) (rate(workqueue_adds_total{${OP}}[$__rate_interval]))`, legend: "adds {{name}}" },
            {
              expr: `sum by (name) (rate(workqueue_retries_total{${OP}}[$__rate_interval]))`,
              legend: "retries {{name}}",
            },
          ]),
          timeseries("Wait in queue p99", "s", [
            {
              expr: `histogram_quantile(0.99, sum by (name, le) (rate(workqueue_queue_duration_seconds_bucket{${OP}}[$__rate_interval])))`,
              legend: "{{name}}",
            },
          ]),
          timeseries("Work duration p99", "s", [
            {
              expr: `histogram_quantile(0.99, sum by (name, le) (rate(workqueue_work_duration_seconds_bucket{${OP}}[$__rate_interval])))`,
              legend: "{{name}}",
            },
          ]),
        ],
      },
    ],
  );
