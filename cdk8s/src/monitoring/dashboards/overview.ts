import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { fincoachDashboard, NS, stat, timeseries } from "./panels.ts";

const API = `component="api",${NS},route!~"/healthz|/readyz"`;

/** Is FinCoach up and fast: the API's traffic, errors and latency, and every component's health. */
export const overviewDashboard = (): Dashboard =>
  fincoachDashboard("fincoach-overview", "FinCoach / Overview", "The API's SLIs and every component's health.", [
    {
      title: "API",
      panels: [
        stat("Requests/s", "reqps", [
          { expr: `sum(rate(http_request_duration_seconds_count{${API}}[$__rate_interval]))`, legend: "requests/s" },
        ]),
        stat("5xx ratio", "percentunit", [
          {
            expr: `sum(rate(http_request_duration_seconds_count{${API},status=~"5.."}[$__rate_interval])) / sum(rate(http_request_duration_seconds_count{${API}}[$__rate_interval]))`,
            legend: "5xx",
          },
        ]),
        stat("p99 latency", "s", [
          {
            expr: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${API}}[$__rate_interval])))`,
            legend: "p99",
          },
        ]),
        stat("API pods up", "none", [{ expr: `sum(up{component="api",${NS}})`, legend: "up" }]),
        timeseries("Requests/s by status", "reqps", [
          {
            expr: `sum by (status) (rate(http_request_duration_seconds_count{${API}}[$__rate_interval]))`,
            legend: "{{status}}",
          },
        ]),
        timeseries("API 5xx by route", "reqps", [
          {
            expr: `sum by (route, status) (rate(http_request_duration_seconds_count{${API},status=~"5.."}[$__rate_interval]))`,
            legend: "{{route}} {{status}}",
          },
        ]),
        timeseries("p99 latency by route", "s", [
          {
            expr: `histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{${API}}[$__rate_interval])))`,
            legend: "{{route}}",
          },
        ]),
        timeseries("Error budget: 5xx and slow-request ratios (SLO recording rules)", "percentunit", [
          { expr: `fincoach:api_request_errors:ratio_rate1h{${NS}}`, legend: "5xx 1h" },
          { expr: `fincoach:api_request_errors:ratio_rate6h{${NS}}`, legend: "5xx 6h" },
          { expr: `fincoach:api_request_slow:ratio_rate1h{${NS}}`, legend: "slow 1h" },
          { expr: `fincoach:api_request_slow:ratio_rate6h{${NS}}`, legend: "slow 6h" },
        ]),
      ],
    },
    {
      title: "Components",
      panels: [
        timeseries("Targets up by component", "none", [
          { expr: `sum by (component) (up{${NS}})`, legend: "{{component}}" },
        ]),
        timeseries("Dependencies up per component (0: some pod cannot reach it)", "none", [
          {
            expr: `min by (component, dependency) (fincoach_dependency_up{${NS}})`,
            legend: "{{component}} {{dependency}}",
          },
        ]),
        timeseries("Readiness probes answered 503 (PostgreSQL, Redis or no model)", "reqps", [
          {
            expr: `sum by (component) (rate(http_request_duration_seconds_count{${NS},route="/readyz",status="503"}[$__rate_interval]))`,
            legend: "{{component}}",
          },
        ]),
        timeseries("CPU by pod", "percentunit", [
          {
            expr: `sum by (component, pod) (rate(process_cpu_seconds_total{${NS}}[$__rate_interval]))`,
            legend: "{{pod}}",
          },
        ]),
        timeseries("Resident memory by pod", "bytes", [
          { expr: `sum by (component, pod) (process_resident_memory_bytes{${NS}})`, legend: "{{pod}}" },
        ]),
        timeseries("Event loop lag p99 by pod", "s", [
          { expr: `max by (component, pod) (nodejs_eventloop_lag_p99_seconds{${NS}})`, legend: "{{pod}}" },
        ]),
        timeseries("Heap used by pod", "bytes", [
          { expr: `sum by (component, pod) (nodejs_heap_size_used_bytes{${NS}})`, legend: "{{pod}}" },
        ]),
      ],
    },
  ]);
