/**
 * @fincoach/contracts: the three contracts the operator talks through
 * (docs/operator-contracts.md): the traffic-weights ConfigMap the ML service routes by,
 * the schedule handoff to beat (and beat's status report back), and the ML service's
 * per-version stats endpoint (or the Prometheus metrics the same figures come from). Also
 * the shared patterns the CRDs validate with.
 */
export * from "./app-secret.ts";
export * from "./bounded-name.ts";
export * from "./contract-error.ts";
export * from "./cron.ts";
export * from "./duration.ts";
export * from "./hash.ts";
export * from "./kube-names.ts";
export * from "./label-selector.ts";
export * from "./ml-api.ts";
export * from "./ml-jobs.ts";
export * from "./ml-metrics.ts";
export * from "./pick-version.ts";
export * from "./queue-backlog.ts";
export * from "./schedule-handoff.ts";
export * from "./schedule-status.ts";
export * from "./traffic-weights.ts";
export * from "./version-stats.ts";
