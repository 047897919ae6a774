/** @fincoach/operator: the reconcilers and the process, for tests and tools (the deployable is main.ts). */

export { type OperatorConfig, OperatorEnv, toOperatorConfig } from "./env.ts";
export { API_CALLS, type ApiCall, callKey } from "./kube/api-calls.ts";
export { createOperator, type Operator, type OperatorOptions } from "./operator.ts";
export { allows, leaderElectionRules, OPERATOR_NAME, OPERATOR_RULES, operatorRbac, type PolicyRule } from "./rbac.ts";
export { httpStatsSource, type StatsQuery, type StatsSource } from "./stats/stats-source.ts";
