import type { Rule, RuleGroup } from "./prometheus-operator-objects.ts";

/**
 * `promtool test rules` cases for every alert of fincoachRuleGroups() with its default
 * thresholds: input series shaped like the services' real ones (names and labels as a
 * scrape through scrape-targets.ts leaves them), the alert expected firing, and a healthy
 * (or near-miss) input expected silent, so a wrong threshold or selector fails a case.
 */

type Series = { series: string; values: string };
type Expected = { labels: Record<string, string> };
type AlertCase = { at: string; alert: string; firing: Expected[] };
export type RuleTestCase = { name: string; interval: string; series: Series[]; alerts: AlertCase[] };

const API = (status: string, route = "/v1/transactions") =>
  `http_request_duration_seconds_count{component="api",namespace="fc",pod="api-1",method="GET",route="${route}",status="${status}"}`;
const BUCKET = (le: string) =>
  `http_request_duration_seconds_bucket{component="api",namespace="fc",pod="api-1",method="GET",route="/v1/transactions",status="200",le="${le}"}`;
const fc = { namespace: "fc" };
/** `fincoach_dependency_up` of one pod, as scraped. */
const UP = (component: string, pod: string, dependency: string) =>
  `fincoach_dependency_up{component="${component}",namespace="fc",pod="${pod}",dependency="${dependency}"}`;
/** The worker's per-job outcome counter, as scraped from a worker of queue `sync`. */
const SYNC_JOBS = (pod: string, kind: string, outcome: string) =>
  `fincoach_sync_jobs_total{component="worker",namespace="fc",pod="${pod}",queue="sync",kind="${kind}",outcome="${outcome}"}`;
/** The operator's metric carries its own `namespace` (the ModelVersion's): exported_namespace once scraped. */
const ROLLED_BACK = (modelVersion: string) => ({
  namespace: "fincoach-system",
  exported_namespace: "fc",
  model_version: modelVersion,
  reason: "ErrorRateExceeded",
});
const ROLLBACK = (modelVersion: string) =>
  `fincoach_operator_rollbacks_total{component="operator",pod="op-1",${Object.entries(ROLLED_BACK(modelVersion))
    .map(([k, v]) => `${k}="${v}"`)
    .join(",")}}`;

const componentDownCases = (component: string, alert: string): RuleTestCase[] => [
  {
    name: `${alert}: every ${component} target down`,
    interval: "1m",
    series: [
      { series: `up{component="${component}",namespace="fc",pod="${component}-1"}`, values: "0x10" },
      { series: `up{component="${component}",namespace="fc",pod="${component}-2"}`, values: "0x10" },
    ],
    alerts: [{ at: "6m", alert, firing: [{ labels: { ...fc, severity: "critical" } }] }],
  },
  {
    name: `${alert}: no ${component} target at all`,
    interval: "1m",
    series: [{ series: 'up{component="other",namespace="fc",pod="x"}', values: "1x10" }],
    alerts: [{ at: "6m", alert, firing: [{ labels: { component, severity: "critical" } }] }],
  },
  {
    name: `${alert}: one of two ${component} targets up is enough`,
    interval: "1m",
    series: [
      { series: `up{component="${component}",namespace="fc",pod="${component}-1"}`, values: "0x10" },
      { series: `up{component="${component}",namespace="fc",pod="${component}-2"}`, values: "1x10" },
    ],
    alerts: [{ at: "6m", alert, firing: [] }],
  },
];

export const RULE_TEST_CASES: RuleTestCase[] = [
  {
    name: "API 5% errors: fast and slow burn fire",
    interval: "1m",
    series: [
      { series: API("200"), values: "0+100x80" },
      { series: API("500"), values: "0+5x80" },
    ],
    alerts: [
      { at: "65m", alert: "FincoachApiErrorBudgetBurnFast", firing: [{ labels: { ...fc, severity: "critical" } }] },
      { at: "65m", alert: "FincoachApiErrorBudgetBurnSlow", firing: [{ labels: { ...fc, severity: "warning" } }] },
    ],
  },
  {
    name: "API 0.5% errors: slow burn only",
    interval: "1m",
    series: [
      { series: API("200"), values: "0+200x200" },
      { series: API("500"), values: "0+1x200" },
    ],
    alerts: [
      { at: "150m", alert: "FincoachApiErrorBudgetBurnFast", firing: [] },
      { at: "150m", alert: "FincoachApiErrorBudgetBurnSlow", firing: [{ labels: { ...fc, severity: "warning" } }] },
    ],
  },
  {
    name: "API: failing readiness probes are not users' errors",
    interval: "1m",
    series: [
      { series: API("200"), values: "0+100x80" },
      { series: API("503", "/readyz"), values: "0+6x80" },
      { series: API("500", "/healthz"), values: "0+6x80" },
    ],
    alerts: [
      { at: "65m", alert: "FincoachApiErrorBudgetBurnFast", firing: [] },
      { at: "65m", alert: "FincoachApiErrorBudgetBurnSlow", firing: [] },
    ],
  },
  {
    name: "API half the requests slower than 25 ms: latency fast burn",
    interval: "1m",
    series: [
      { series: API("200"), values: "0+100x80" },
      { series: BUCKET("0.025"), values: "0+50x80" },
    ],
    alerts: [
      { at: "65m", alert: "FincoachApiLatencyBudgetBurnFast", firing: [{ labels: { ...fc, severity: "critical" } }] },
    ],
  },
  {
    name: "API 4% slower than 25 ms: latency slow burn only",
    interval: "1m",
    series: [
      { series: API("200"), values: "0+100x200" },
      { series: BUCKET("0.025"), values: "0+96x200" },
    ],
    alerts: [
      { at: "150m", alert: "FincoachApiLatencyBudgetBurnFast", firing: [] },
      { at: "150m", alert: "FincoachApiLatencyBudgetBurnSlow", firing: [{ labels: { ...fc, severity: "warning" } }] },
    ],
  },
  {
    name: "API all fast: no latency alert",
    interval: "1m",
    series: [
      { series: API("200"), values: "0+100x200" },
      { series: BUCKET("0.025"), values: "0+100x200" },
    ],
    alerts: [
      { at: "150m", alert: "FincoachApiLatencyBudgetBurnFast", firing: [] },
      { at: "150m", alert: "FincoachApiLatencyBudgetBurnSlow", firing: [] },
    ],
  },
  {
    name: "backlog above the threshold and growing (both worker replicas report it)",
    interval: "1m",
    series: [
      {
        series: 'fincoach_queue_backlog{component="sync-worker",namespace="fc",pod="w1",queue="sync-fc-nightly"}',
        values: "100+5x90",
      },
      {
        series: 'fincoach_queue_backlog{component="sync-worker",namespace="fc",pod="w2",queue="sync-fc-nightly"}',
        values: "100+5x90",
      },
      {
        series: 'fincoach_queue_backlog{component="sync-worker",namespace="fc",pod="w1",queue="sync-fc-steady"}',
        values: "500x90",
      },
    ],
    alerts: [
      {
        at: "70m",
        alert: "FincoachQueueBacklogGrowing",
        firing: [{ labels: { ...fc, queue: "sync-fc-nightly", severity: "warning" } }],
      },
    ],
  },
  {
    name: "backlog growing below the threshold: replicas' reports are not added up",
    interval: "1m",
    series: [
      {
        series: 'fincoach_queue_backlog{component="worker",namespace="fc",pod="w1",queue="sync"}',
        values: "60+0.1x90",
      },
      {
        series: 'fincoach_queue_backlog{component="worker",namespace="fc",pod="w2",queue="sync"}',
        values: "60+0.1x90",
      },
    ],
    alerts: [{ at: "70m", alert: "FincoachQueueBacklogGrowing", firing: [] }],
  },
  {
    name: "a first missed tick (a new counter series) and a repeated forbidden tick",
    interval: "1m",
    series: [
      {
        series:
          'fincoach_beat_ticks_total{component="beat",namespace="fc",pod="b1",exported_namespace="team-a",schedule="nightly",outcome="missed-deadline"}',
        values: "_x30 1x30",
      },
      {
        series:
          'fincoach_beat_ticks_total{component="beat",namespace="fc",pod="b1",exported_namespace="team-a",schedule="hourly",outcome="forbidden"}',
        values: "1+0x20 2+0x20 3+0x20",
      },
      {
        series:
          'fincoach_beat_ticks_total{component="beat",namespace="fc",pod="b1",exported_namespace="team-a",schedule="hourly",outcome="ran"}',
        values: "1+1x60",
      },
    ],
    alerts: [
      {
        at: "45m",
        alert: "FincoachSyncTicksNotRun",
        firing: [
          {
            labels: {
              ...fc,
              exported_namespace: "team-a",
              schedule: "hourly",
              outcome: "forbidden",
              severity: "warning",
            },
          },
          {
            labels: {
              ...fc,
              exported_namespace: "team-a",
              schedule: "nightly",
              outcome: "missed-deadline",
              severity: "warning",
            },
          },
        ],
      },
    ],
  },
  {
    name: "ticks that ran: no alert",
    interval: "1m",
    series: [
      {
        series:
          'fincoach_beat_ticks_total{component="beat",namespace="fc",pod="b1",exported_namespace="team-a",schedule="hourly",outcome="ran"}',
        values: "1+1x60",
      },
    ],
    alerts: [{ at: "45m", alert: "FincoachSyncTicksNotRun", firing: [] }],
  },
  ...componentDownCases("api", "FincoachApiDown"),
  ...componentDownCases("ml", "FincoachMlDown"),
  ...componentDownCases("worker", "FincoachWorkerDown"),
  ...componentDownCases("beat", "FincoachBeatDown"),
  ...componentDownCases("operator", "FincoachOperatorDown"),
  {
    name: "a worker's Redis down for 6 minutes, its PostgreSQL up; the API's both up",
    interval: "1m",
    series: [
      { series: UP("worker", "w1", "redis"), values: "0x10" },
      { series: UP("worker", "w1", "postgres"), values: "1x10" },
      { series: UP("api", "api-1", "redis"), values: "1x10" },
      { series: UP("api", "api-1", "postgres"), values: "1x10" },
    ],
    alerts: [
      {
        at: "6m",
        alert: "FincoachDependencyUnreachable",
        firing: [{ labels: { ...fc, component: "worker", dependency: "redis", severity: "critical" } }],
      },
    ],
  },
  {
    name: "one of two beat pods cannot reach PostgreSQL: named by component and dependency",
    interval: "1m",
    series: [
      { series: UP("beat", "b1", "postgres"), values: "0x10" },
      { series: UP("beat", "b2", "postgres"), values: "1x10" },
    ],
    alerts: [
      {
        at: "6m",
        alert: "FincoachDependencyUnreachable",
        firing: [{ labels: { ...fc, component: "beat", dependency: "postgres", severity: "critical" } }],
      },
    ],
  },
  {
    name: "PostgreSQL away for 3 minutes, then back: no alert",
    interval: "1m",
    series: [{ series: UP("ml", "ml-1", "postgres"), values: "0 0 0 1x10" }],
    alerts: [
      { at: "4m", alert: "FincoachDependencyUnreachable", firing: [] },
      { at: "8m", alert: "FincoachDependencyUnreachable", firing: [] },
    ],
  },
  {
    name: "a third of a queue's sync jobs fail",
    interval: "1m",
    series: [
      { series: SYNC_JOBS("w1", "bank", "completed"), values: "0+2x60" },
      { series: SYNC_JOBS("w1", "bank", "failed"), values: "0+1x60" },
      { series: SYNC_JOBS("w1", "mailbox", "completed"), values: "0+1x60" },
      { series: SYNC_JOBS("w1", "mailbox", "failed"), values: "0x60" },
    ],
    alerts: [
      {
        at: "45m",
        alert: "FincoachSyncFailureRate",
        firing: [{ labels: { ...fc, queue: "sync", severity: "warning" } }],
      },
    ],
  },
  {
    name: "5% of a queue's sync jobs fail: under the threshold",
    interval: "1m",
    series: [
      { series: SYNC_JOBS("w1", "bank", "completed"), values: "0+19x60" },
      { series: SYNC_JOBS("w1", "bank", "failed"), values: "0+1x60" },
    ],
    alerts: [{ at: "45m", alert: "FincoachSyncFailureRate", firing: [] }],
  },
  {
    name: "every sync job fails, but only 6 in 30 minutes: under the volume floor",
    interval: "5m",
    series: [
      { series: SYNC_JOBS("w1", "mailbox", "completed"), values: "0x12" },
      { series: SYNC_JOBS("w1", "mailbox", "failed"), values: "0+1x12" },
    ],
    alerts: [{ at: "50m", alert: "FincoachSyncFailureRate", firing: [] }],
  },
  {
    name: "a version failing 10% of predictions; the champion 1%",
    interval: "1m",
    series: [
      {
        series:
          'fincoach_ml_predictions_total{component="model-server",namespace="fc",pod="m1",model="categorizer",version="v2"}',
        values: "0+100x20",
      },
      {
        series:
          'fincoach_ml_prediction_errors_total{component="model-server",namespace="fc",pod="m1",model="categorizer",version="v2"}',
        values: "0+10x20",
      },
      {
        series:
          'fincoach_ml_predictions_total{component="ml",namespace="fc",pod="ml-1",model="categorizer",version="v1"}',
        values: "0+100x20",
      },
      {
        series:
          'fincoach_ml_prediction_errors_total{component="ml",namespace="fc",pod="ml-1",model="categorizer",version="v1"}',
        values: "0+1x20",
      },
    ],
    alerts: [
      {
        at: "15m",
        alert: "FincoachModelVersionFailing",
        firing: [{ labels: { ...fc, model: "categorizer", version: "v2", severity: "warning" } }],
      },
    ],
  },
  {
    name: "a ModelVersion rolled back: its counter series appears at 1",
    interval: "1m",
    series: [{ series: ROLLBACK("categorizer-v3"), values: "_x5 1x30" }],
    alerts: [
      {
        at: "8m",
        alert: "FincoachModelRolledBack",
        firing: [{ labels: { ...ROLLED_BACK("categorizer-v3"), severity: "warning" } }],
      },
      { at: "20m", alert: "FincoachModelRolledBack", firing: [] },
    ],
  },
  {
    name: "a ModelVersion rolled back again after a spec change: its counter goes 1 -> 2",
    interval: "1m",
    series: [
      { series: ROLLBACK("categorizer-v3"), values: "1x30 2x10" },
      { series: ROLLBACK("categorizer-v2"), values: "1x40" },
    ],
    alerts: [
      { at: "25m", alert: "FincoachModelRolledBack", firing: [] },
      {
        at: "35m",
        alert: "FincoachModelRolledBack",
        firing: [{ labels: { ...ROLLED_BACK("categorizer-v3"), severity: "warning" } }],
      },
    ],
  },
  {
    name: "a controller failing half its reconciles; another one 2%",
    interval: "1m",
    series: [
      {
        series:
          'fincoach_operator_reconciles_total{component="operator",namespace="fc",pod="op-1",controller="syncschedule",result="error"}',
        values: "0+5x40",
      },
      {
        series:
          'fincoach_operator_reconciles_total{component="operator",namespace="fc",pod="op-1",controller="syncschedule",result="success"}',
        values: "0+5x40",
      },
      {
        series:
          'fincoach_operator_reconcile_errors_total{component="operator",namespace="fc",pod="op-1",controller="syncschedule"}',
        values: "0+5x40",
      },
      {
        series:
          'fincoach_operator_reconciles_total{component="operator",namespace="fc",pod="op-1",controller="modelversion",result="success"}',
        values: "0+49x40",
      },
      {
        series:
          'fincoach_operator_reconciles_total{component="operator",namespace="fc",pod="op-1",controller="modelversion",result="error"}',
        values: "0+1x40",
      },
      {
        series:
          'fincoach_operator_reconcile_errors_total{component="operator",namespace="fc",pod="op-1",controller="modelversion"}',
        values: "0+1x40",
      },
    ],
    alerts: [
      {
        at: "30m",
        alert: "FincoachOperatorReconcileErrors",
        firing: [{ labels: { ...fc, controller: "syncschedule", severity: "warning" } }],
      },
    ],
  },
  {
    name: "versions failing 1% of predictions, controllers failing 2% of reconciles: no alert",
    interval: "1m",
    series: [
      {
        series:
          'fincoach_ml_predictions_total{component="ml",namespace="fc",pod="ml-1",model="categorizer",version="v1"}',
        values: "0+100x40",
      },
      {
        series:
          'fincoach_ml_prediction_errors_total{component="ml",namespace="fc",pod="ml-1",model="categorizer",version="v1"}',
        values: "0+1x40",
      },
      {
        series:
          'fincoach_operator_reconciles_total{component="operator",namespace="fc",pod="op-1",controller="modelversion",result="success"}',
        values: "0+49x40",
      },
      {
        series:
          'fincoach_operator_reconciles_total{component="operator",namespace="fc",pod="op-1",controller="modelversion",result="error"}',
        values: "0+1x40",
      },
      {
        series:
          'fincoach_operator_reconcile_errors_total{component="operator",namespace="fc",pod="op-1",controller="modelversion"}',
        values: "0+1x40",
      },
    ],
    alerts: [
      { at: "30m", alert: "FincoachModelVersionFailing", firing: [] },
      { at: "30m", alert: "FincoachOperatorReconcileErrors", firing: [] },
    ],
  },
  {
    name: "two operator replicas, neither leading",
    interval: "1m",
    series: [
      { series: 'fincoach_operator_is_leader{component="operator",namespace="fc",pod="op-1"}', values: "0x10" },
      { series: 'fincoach_operator_is_leader{component="operator",namespace="fc",pod="op-2"}', values: "0x10" },
    ],
    alerts: [{ at: "6m", alert: "FincoachOperatorNoLeader", firing: [{ labels: { ...fc, severity: "critical" } }] }],
  },
  {
    name: "two operator replicas, one leading",
    interval: "1m",
    series: [
      { series: 'fincoach_operator_is_leader{component="operator",namespace="fc",pod="op-1"}', values: "0x10" },
      { series: 'fincoach_operator_is_leader{component="operator",namespace="fc",pod="op-2"}', values: "1x10" },
    ],
    alerts: [{ at: "6m", alert: "FincoachOperatorNoLeader", firing: [] }],
  },
];

type AlertRule = Extract<Rule, { alert: string }>;

/**
 * An annotation as Prometheus renders it for an alert with `labels`. Only `{{ $labels.x }}`
 * is used in FinCoach's annotations; anything else throws, so a new template construct
 * cannot slip past the expected values unrendered.
 */
export const renderAnnotation = (template: string, labels: Record<string, string>): string => {
  const out = template.replace(
    /\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g,
    (_, name: string) => labels[name] ?? "",
  );
  if (out.includes("{{")) throw new Error(`annotation template construct not supported by the tests: ${template}`);
  return out;
};

/** The `promtool test rules` document for `ruleFile`, built from {@link RULE_TEST_CASES}. */
export const promtoolTestFile = (ruleFile: string, groups: readonly RuleGroup[]) => {
  const alerts = new Map(
    groups.flatMap((g) => g.rules).flatMap((r) => ("alert" in r ? [[r.alert, r as AlertRule] as const] : [])),
  );
  const annotationsOf = (name: string, labels: Record<string, string>) => {
    const rule = alerts.get(name);
    if (!rule) throw new Error(`test case names an alert that does not exist: ${name}`);
    return Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, renderAnnotation(v, labels)]));
  };
  return {
    rule_files: [ruleFile],
    evaluation_interval: "1m",
    tests: RULE_TEST_CASES.map((c) => ({
      name: c.name,
      interval: c.interval,
      input_series: c.series,
      alert_rule_test: c.alerts.map((a) => ({
        eval_time: a.at,
        alertname: a.alert,
        exp_alerts: a.firing.map((f) => ({ exp_labels: f.labels, exp_annotations: annotationsOf(a.alert, f.labels) })),
      })),
    })),
  };
};
