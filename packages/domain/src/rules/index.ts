export { ApplyRuleResult, applyRule } from "./apply-rule.ts";
export { CreateRule, createRule } from "./create-rule.ts";
export { deleteRule } from "./delete-rule.ts";
export { DRY_RUN_LIMIT, DryRunItem, DryRunResult, dryRunRule } from "./dry-run-rule.ts";
export { getRule } from "./get-rule.ts";
export {
  listRuleSuggestions,
  RULE_SUGGESTION_MIN_CORRECTIONS,
  RuleSuggestion,
} from "./list-rule-suggestions.ts";
export { listRules, rulesInOrder } from "./list-rules.ts";
export {
  type CompiledRule,
  compileRule,
  compileRules,
  matchRule,
  type RuleSource,
  type RuleSubject,
} from "./match-rule.ts";
export { type RuleEffect, ruleEffect } from "./rule-effect.ts";
export { RULE_DIRECTIONS, RuleConditions, RuleDraft } from "./rule-schemas.ts";
export { RuleView } from "./rule-view.ts";
export { UpdateRule, updateRule } from "./update-rule.ts";
