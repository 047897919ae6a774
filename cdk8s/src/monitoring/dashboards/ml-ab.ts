import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { fincoachDashboard, NS, timeseries } from "./panels.ts";

const ML = `${NS}`;

/** Champion against candidates: the figures the operator's rollout analysis judges, per version. */
export const mlAbDashboard = (): Dashboard =>
  fincoachDashboard(
    "fincoach-ml-ab",
    "FinCoach / ML A/B",
    "Per model version: traffic, errors, p99 latency and users' feedback (ML_METRICS, the operator's rollout gates).",
    [
      {
        title: "Versions",
        panels: [
          timeseries("Predictions/s per version", "reqps", [
            {
              expr: `sum by (model, version) (rate(fincoach_ml_predictions_total{${ML}}[$__rate_interval]))`,
              legend: "{{model}} {{version}}",
            },
          ]),
          timeseries("Error ratio per version", "percentunit", [
            {
              expr: `sum by (model, version) (rate(fincoach_ml_prediction_errors_total{${ML}}[$__rate_interval])) / sum by (model, version) (rate(fincoach_ml_predictions_total{${ML}}[$__rate_interval]))`,
              legend: "{{model}} {{version}}",
            },
          ]),
          timeseries("p99 latency per version (rollout gate maxLatencyP99Ms)", "s", [
            {
              expr: `histogram_quantile(0.99, sum by (model, version, le) (rate(fincoach_ml_prediction_duration_seconds_bucket{${ML}}[$__rate_interval])))`,
              legend: "{{model}} {{version}}",
            },
          ]),
          timeseries("Suggestions accepted per version (1h)", "percentunit", [
            {
              expr: `sum by (model, version) (increase(fincoach_ml_feedback_total{${ML},outcome="accepted"}[1h])) / sum by (model, version) (increase(fincoach_ml_feedback_total{${ML}}[1h]))`,
              legend: "{{model}} {{version}}",
            },
          ]),
          timeseries("Feedback/s per version and outcome", "ops", [
            {
              expr: `sum by (model, version, outcome) (rate(fincoach_ml_feedback_total{${ML}}[$__rate_interval]))`,
              legend: "{{model}} {{version}} {{outcome}}",
            },
          ]),
          // The operator's counter carries the ModelVersion's namespace, exported_namespace once
          // scraped; `namespace` is the operator's own. A version is usually rolled back once,
          // so the total, not a rate, shows it.
          timeseries("Rollbacks per ModelVersion and failed check (operator, since its start)", "none", [
            {
              expr: `max by (exported_namespace, model_version, reason) (fincoach_operator_rollbacks_total{component="operator",exported_namespace=~"$namespace"})`,
              legend: "{{exported_namespace}}/{{model_version}} {{reason}}",
            },
          ]),
          timeseries("ML pods up (champion and per-version model servers)", "none", [
            {
              expr: `sum by (namespace, component) (up{component=~"ml|model-server",${NS}})`,
              legend: "{{namespace}} {{component}}",
            },
          ]),
        ],
      },
    ],
  );
