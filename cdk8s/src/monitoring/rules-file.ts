import { Yaml } from "cdk8s";
import type { RuleGroup } from "./prometheus-operator-objects.ts";

/**
 * A Prometheus rules file (`rule_files:` of a plain Prometheus, or `promtool check rules`)
 * holding the same groups the PrometheusRule carries.
 */
export const rulesFile = (groups: readonly RuleGroup[]): string => Yaml.stringify({ groups });
