import { QUEUE_BACKLOG_METRIC } from "@fincoach/contracts";
import type { Rule, RuleGroup } from "./prometheus-operator-objects.ts";

/** The thresholds the alerts judge by; every field has a default. */
export interface AlertThresholds {
  /**
   * Fraction of API requests (probes excluded) that must not fail with a 5xx.
   * @default 0.999
   */
  readonly apiAvailabilitySlo?: number;
  /**
   * Seconds an API request may take and still count as fast. Must be a bucket bound of
   * `http_request_duration_seconds` (packages/telemetry/src/metrics.ts): the SLI reads the
   * bucket with this `le`.
   * @default 0.025 (the API's p99 target)
   */
  readonly apiLatencyThresholdSeconds?: number;
  /**
   * Fraction of API requests that must be faster than the threshold: 0.99 makes it a p99 SLO.
   * @default 0.99
   */
  readonly apiLatencySlo?: number;
  /**
   * Jobs waiting in one queue above which a growing backlog alerts.
   * @default 100
   */
  readonly queueBacklogAlertAbove?: number;
  /**
   * Fraction of a model version's predictions that may fail before it alerts.
   * @default 0.05
   */
  readonly modelErrorRatio?: number;
  /**
   * Fraction of one queue's sync jobs (ended for good, not attempts) that may fail over 30
   * minutes before it alerts.
   * @default 0.1
   */
  readonly syncFailureRatio?: number;
  /**
   * Sync jobs a queue must have ended in those 30 minutes for its failure rate to alert: one
   * failed job out of two is no trend.
   * @default 10
   */
  readonly syncFailureMinJobs?: number;
}

/** Routes that are probes, not users' requests: they would dilute (or, failing, swamp) the SLIs. */
const PROBES = 'route!~"/healthz|/readyz"';
const API = `component="api",${PROBES}`;

/**
 * Burn-rate windows of the multi-window alerts (Google SRE workbook, "Alerting on SLOs"):
 * a long window proves the budget is really burning, a short one that it still is.
 */
const BURNS = {
  fast: [
    { factor: 14.4, long: "1h", short: "5m" },
    { factor: 6, long: "6h", short: "30m" },
  ],
  slow: [
    { factor: 3, long: "1d", short: "2h" },
    { factor: 1, long: "3d", short: "6h" },
  ],
} as const;
const WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;

/** A budget as a short decimal (1 - 0.999 is 0.0010000000000000009 in floating point). */
const budget = (slo: number): number => Number((1 - slo).toPrecision(6));

const RUNBOOK_DOC = "cdk8s/src/monitoring/README.md";

const alert = (
  name: string,
  o: {
    expr: string;
    for?: string;
    severity: "critical" | "warning";
    summary: string;
    description: string;
    runbook: string;
  },
): Rule => ({
  alert: name,
  expr: o.expr,
  ...(o.for ? { for: o.for } : {}),
  labels: { severity: o.severity },
  annotations: {
    summary: o.summary,
    description: o.description,
    runbook: `${o.runbook} (${RUNBOOK_DOC}#${name.toLowerCase()})`,
  },
});

/** `<ratio series> > factor * budget` for both windows of every burn pair, OR-ed. */
const burnExpr = (
  series: (w: string) => string,
  pairs: readonly { factor: number; long: string; short: string }[],
  b: number,
) =>
  pairs
    .map((p) => `(${series(p.long)} > (${p.factor} * ${b}) and ${series(p.short)} > (${p.factor} * ${b}))`)
    .join("\nor\n");

const sloGroups = (t: Required<AlertThresholds>): RuleGroup[] => {
  const errors = (w: string) => `fincoach:api_request_errors:ratio_rate${w}`;
  const slow = (w: string) => `fincoach:api_request_slow:ratio_rate${w}`;
  const errorBudget = budget(t.apiAvailabilitySlo);
  const latencyBudget = budget(t.apiLatencySlo);
  const le = String(t.apiLatencyThresholdSeconds);
  const total = (w: string) => `sum by (namespace) (rate(http_request_duration_seconds_count{${API}}[${w}]))`;
  return [
    {
      name: "fincoach-api-slo.recording",
      rules: WINDOWS.flatMap((w): Rule[] => [
        {
          record: errors(w),
          expr: `sum by (namespace) (rate(http_request_duration_seconds_count{${API},status=~"5.."}[${w}]))\n/\n${total(w)}`,
        },
        {
          record: slow(w),
          expr: `1 - (\n  sum by (namespace) (rate(http_request_duration_seconds_bucket{${API},le="${le}"}[${w}]))\n  /\n  ${total(w)}\n)`,
        },
      ]),
    },
    {
      name: "fincoach-api-slo.alerts",
      rules: [
        alert("FincoachApiErrorBudgetBurnFast", {
          expr: burnExpr(errors, BURNS.fast, errorBudget),
          for: "2m",
          severity: "critical",
          summary: "The API in {{ $labels.namespace }} is burning its error budget fast",
          description: `More than 14.4x (1h and 5m) or 6x (6h and 30m) the error rate the ${t.apiAvailabilitySlo} availability SLO allows: at this pace the 30-day budget is gone within days.`,
          runbook:
            'Find the failing routes: sum by (route, status) (rate(http_request_duration_seconds_count{component="api",status=~"5.."}[5m])). Read the API pods\' logs for problem+json 5xx lines (requestId, route). A recent rollout: helm rollback. PostgreSQL or Redis unreachable: see FincoachDependencyUnreachable',
        }),
        alert("FincoachApiErrorBudgetBurnSlow", {
          expr: burnExpr(errors, BURNS.slow, errorBudget),
          for: "15m",
          severity: "warning",
          summary: "The API in {{ $labels.namespace }} is steadily using up its error budget",
          description: `More than 3x (1d and 2h) or 1x (3d and 6h) the error rate the ${t.apiAvailabilitySlo} availability SLO allows.`,
          runbook:
            "Not an emergency: find the routes behind the 5xx (Overview dashboard, 'API 5xx by route') and open an issue with the requestIds from the logs",
        }),
        alert("FincoachApiLatencyBudgetBurnFast", {
          expr: burnExpr(slow, BURNS.fast, latencyBudget),
          for: "2m",
          severity: "critical",
          summary: "API requests in {{ $labels.namespace }} are too slow for the p99 SLO",
          description: `More than 14.4x (1h and 5m) or 6x (6h and 30m) the share of requests slower than ${le}s that the ${t.apiLatencySlo} latency SLO allows.`,
          runbook:
            "Find the slow routes: histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{component=\"api\"}[5m]))). Check CPU throttling and the API's HPA (kubectl get hpa), PostgreSQL load (slow queries, pool size DATABASE_POOL_SIZE) and the ML service's latency (ML A/B dashboard)",
        }),
        alert("FincoachApiLatencyBudgetBurnSlow", {
          expr: burnExpr(slow, BURNS.slow, latencyBudget),
          for: "15m",
          severity: "warning",
          summary: "API requests in {{ $labels.namespace }} are steadily slower than the p99 SLO",
          description: `More than 3x (1d and 2h) or 1x (3d and 6h) the share of requests slower than ${le}s that the ${t.apiLatencySlo} latency SLO allows.`,
          runbook:
            "Compare p99 per route over the last days (Overview dashboard); look for a growing table or a missing index (EXPLAIN the route's queries) before adding replicas",
        }),
      ],
    },
  ];
};

/** The backlog of each queue: every worker replica reports the same queue, so the max, not the sum. */
export const BACKLOG_RECORD = "fincoach:queue_backlog:max";

const NOT_RUN = 'fincoach_beat_ticks_total{outcome=~"missed-deadline|forbidden"}';
const SYNC_JOBS = "fincoach_sync_jobs_total";
const ROLLBACKS = "fincoach_operator_rollbacks_total";

const pipelineGroup = (t: Required<AlertThresholds>): RuleGroup => ({
  name: "fincoach-pipeline",
  rules: [
    { record: BACKLOG_RECORD, expr: `max by (namespace, queue) (${QUEUE_BACKLOG_METRIC})` },
    alert("FincoachQueueBacklogGrowing", {
      expr: `deriv(${BACKLOG_RECORD}[30m]) > 0\nand\n${BACKLOG_RECORD} > ${t.queueBacklogAlertAbove}`,
      for: "30m",
      severity: "warning",
      summary: "Queue {{ $labels.queue }} in {{ $labels.namespace }} keeps growing",
      description: `More than ${t.queueBacklogAlertAbove} jobs wait in the queue and the backlog has grown for 30 minutes: the workers do not keep up.`,
      runbook:
        "kubectl get hpa -A: is the queue's worker HPA at maxReplicas (raise SyncSchedule spec.workers.maxReplicas) or unable to read the metric (kubectl describe hpa: the external metric fincoach_queue_backlog, served by prometheus-adapter)? Are the workers failing jobs (worker logs)? Is a provider throttling us",
    }),
    alert("FincoachSyncTicksNotRun", {
      // A labelled counter appears at 1 on its first increment, which increase() cannot see:
      // the `unless ... offset` half catches a first skipped tick (a series new in the window).
      expr: `sum by (namespace, exported_namespace, schedule, outcome) (increase(${NOT_RUN}[6h])) > 0
or
sum by (namespace, exported_namespace, schedule, outcome) (${NOT_RUN} unless ${NOT_RUN} offset 6h) > 0`,
      severity: "warning",
      summary:
        "Scheduled syncs of {{ $labels.exported_namespace }}/{{ $labels.schedule }} did not start ({{ $labels.outcome }})",
      description:
        "Beat skipped a tick of the schedule in the last 6 hours: missed-deadline (beat was down or late past startingDeadlineSeconds) or forbidden (concurrencyPolicy Forbid and the previous run still had jobs), so those connections were not synced.",
      runbook:
        "missed-deadline: check beat's pods and restarts (kubectl get pods -l app.kubernetes.io/component=beat) and FincoachBeatDown. forbidden: the previous run's jobs are still queued or active (Sync pipeline dashboard, 'Jobs queued/active per schedule'): check the workers and FincoachQueueBacklogGrowing",
    }),
    alert("FincoachSyncFailureRate", {
      // Jobs ended for good (the worker counts a job once, not its retried attempts); the
      // volume floor keeps a quiet queue's single failure from alerting.
      expr: `sum by (namespace, queue) (rate(${SYNC_JOBS}{outcome="failed"}[30m]))
/
sum by (namespace, queue) (rate(${SYNC_JOBS}[30m]))
> ${t.syncFailureRatio}
and
sum by (namespace, queue) (increase(${SYNC_JOBS}[30m])) >= ${t.syncFailureMinJobs}`,
      for: "10m",
      severity: "warning",
      summary: "Sync jobs of queue {{ $labels.queue }} in {{ $labels.namespace }} keep failing",
      description: `More than ${t.syncFailureRatio * 100}% of the queue's sync jobs failed for good over 30 minutes (at least ${t.syncFailureMinJobs} jobs ended): people's mailboxes or banks are not being synced.`,
      runbook:
        "Which kind fails (Sync pipeline dashboard, 'Sync jobs ended by outcome'): sum by (kind) (rate(fincoach_sync_jobs_total{outcome=\"failed\",queue=\"<queue>\"}[30m])). Read the workers' 'job failed' lines for the queue (the sync_jobs rows' error says why: refused credentials are the person's to fix, one at a time; many at once is ours). bank: Plaid's status, PLAID_* keys (refused); mailbox: a provider down or refusing. 'stopped responding' errors: workers dying or losing Redis mid-run (FincoachWorkerDown, FincoachDependencyUnreachable)",
    }),
  ],
});

const componentDown = (component: string, name: string, what: string): Rule =>
  alert(name, {
    expr: `sum by (namespace) (up{component="${component}"}) == 0\nor\nabsent(up{component="${component}"})`,
    for: "5m",
    severity: "critical",
    summary: `No ${component} pod of FinCoach is up`,
    description: `Prometheus has scraped no ${component} pod for 5 minutes (none answered /metrics, or none exists): ${what}`,
    runbook: `kubectl get pods -l app.kubernetes.io/component=${component} and kubectl describe the failing pod (CrashLoopBackOff: its log's first line names the missing setting or the unreachable PostgreSQL/Redis; Pending: resources or the PodDisruptionBudget). A worker whose Redis is unreachable also fails its scrape, see FincoachDependencyUnreachable`,
  });

const availabilityGroup = (): RuleGroup => ({
  name: "fincoach-availability",
  rules: [
    componentDown("api", "FincoachApiDown", "nobody can use FinCoach."),
    componentDown("ml", "FincoachMlDown", "categorization falls back to rules and remembered corrections."),
    componentDown("worker", "FincoachWorkerDown", "no sync or categorization job runs."),
    componentDown("beat", "FincoachBeatDown", "no scheduled sync starts."),
    componentDown("operator", "FincoachOperatorDown", "no SyncSchedule or ModelVersion is reconciled."),
    alert("FincoachDependencyUnreachable", {
      // Every component checks its dependencies at each scrape (the checks its /readyz runs).
      expr: "min by (namespace, component, dependency) (fincoach_dependency_up) == 0",
      for: "5m",
      severity: "critical",
      summary: "{{ $labels.component }} in {{ $labels.namespace }} cannot reach {{ $labels.dependency }}",
      description:
        "For 5 minutes a {{ $labels.component }} pod's check of {{ $labels.dependency }} (the one its /readyz runs) has not answered within 800 ms at any scrape: api and ml pods are out of their Service, workers and beat cannot work.",
      runbook:
        "postgres: is the database up, reachable from the namespace (NetworkPolicy), the DATABASE_URL Secret current, max_connections not exhausted? redis: is it up, reachable, REDIS_URL right, memory not full (maxmemory)? One component only: its NetworkPolicy or Secret. A worker that loses Redis also fails its scrape (its backlog gauge reads Redis): see FincoachWorkerDown",
    }),
  ],
});

const mlGroup = (t: Required<AlertThresholds>): RuleGroup => ({
  name: "fincoach-ml",
  rules: [
    alert("FincoachModelVersionFailing", {
      expr: `sum by (namespace, model, version) (rate(fincoach_ml_prediction_errors_total[5m]))\n/\nsum by (namespace, model, version) (rate(fincoach_ml_predictions_total[5m]))\n> ${t.modelErrorRatio}`,
      for: "5m",
      severity: "warning",
      summary: "Model {{ $labels.model }} version {{ $labels.version }} fails predictions in {{ $labels.namespace }}",
      description: `More than ${t.modelErrorRatio * 100}% of the version's predictions failed over 5 minutes. A candidate in a rollout is rolled back by the operator on such errors (FincoachModelRolledBack then fires); for the champion, categorization falls back to rules and remembered corrections.`,
      runbook:
        "kubectl get modelversions -A: phase RolledBack with the reason in its conditions means the operator already acted; otherwise read the ML pods' logs for the failing version, compare it with the champion (ML A/B dashboard), and roll back by hand by setting the ModelVersion's traffic to 0",
    }),
    alert("FincoachModelRolledBack", {
      // A ModelVersion is rolled back once, so its series usually appears at 1, which
      // increase() cannot see: the `unless ... offset` half catches a series new in the window.
      expr: `sum by (namespace, exported_namespace, model_version, reason) (increase(${ROLLBACKS}[10m])) > 0
or
sum by (namespace, exported_namespace, model_version, reason) (${ROLLBACKS} unless ${ROLLBACKS} offset 10m) > 0`,
      severity: "warning",
      summary:
        "ModelVersion {{ $labels.exported_namespace }}/{{ $labels.model_version }} was rolled back ({{ $labels.reason }})",
      description:
        "The operator's rollout analysis failed the candidate (reason: the failed check, e.g. ErrorRateExceeded, LatencyExceeded, StatsUnavailable) and moved its traffic back to 0%: the champion serves everything, the new version does not ship.",
      runbook:
        "kubectl describe modelversion -n <exported_namespace> <model_version>: the Ready condition's message has the failed check's figures. Compare the version with the champion on the ML A/B dashboard; read its pods' logs. StatsUnavailable: the operator could not read the version's stats (STATS_URL_TEMPLATE, the pods' /stats). Fix the artifact or the thresholds, then edit the ModelVersion's spec to roll it out again",
    }),
  ],
});

const operatorGroup = (): RuleGroup => ({
  name: "fincoach-operator",
  rules: [
    alert("FincoachOperatorReconcileErrors", {
      expr: "sum by (namespace, controller) (rate(fincoach_operator_reconcile_errors_total[10m]))\n/\nsum by (namespace, controller) (rate(fincoach_operator_reconciles_total[10m]))\n> 0.1",
      for: "15m",
      severity: "warning",
      summary: "The operator's {{ $labels.controller }} controller keeps failing in {{ $labels.namespace }}",
      description:
        "More than 10% of the controller's reconciles have failed (and been retried with backoff) for 15 minutes: its custom resources are not converging.",
      runbook:
        "Read the leader's log (kubectl logs of the pod whose fincoach_operator_is_leader is 1) for 'reconcile failed' lines: a Forbidden error means the RBAC generated from operator/ is out of date (helm upgrade); a webhook or validation error names the resource; kubectl describe the resource for its conditions and Events",
    }),
    alert("FincoachOperatorNoLeader", {
      expr: 'max by (namespace) (fincoach_operator_is_leader{component="operator"}) == 0',
      for: "5m",
      severity: "critical",
      summary: "No operator replica holds the leader Lease in {{ $labels.namespace }}",
      description:
        "The operator's replicas are up but none has led for 5 minutes: no SyncSchedule or ModelVersion is reconciled, rollouts stand still.",
      runbook:
        "kubectl get lease -n <namespace>: a holder that no longer exists expires by itself after the lease duration; if it does not, check the replicas' logs for Lease update errors (RBAC on coordination.k8s.io leases, apiserver reachability)",
    }),
  ],
});

/** Every FinCoach rule group: recording rules for the SLIs, and the alerts. */
export const fincoachRuleGroups = (thresholds: AlertThresholds = {}): RuleGroup[] => {
  const t: Required<AlertThresholds> = {
    apiAvailabilitySlo: 0.999,
    apiLatencyThresholdSeconds: 0.025,
    apiLatencySlo: 0.99,
    queueBacklogAlertAbove: 100,
    modelErrorRatio: 0.05,
    syncFailureRatio: 0.1,
    syncFailureMinJobs: 10,
    ...thresholds,
  };
  return [...sloGroups(t), pipelineGroup(t), availabilityGroup(), mlGroup(t), operatorGroup()];
};
