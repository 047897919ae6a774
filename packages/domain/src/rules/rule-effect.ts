import type { CompiledRule } from "./match-rule.ts";

/** The parts of a transaction a rule can change. */
export type RuleTarget = { categoryId: string | null; tags: string[]; hasSplits: boolean };

export type RuleEffect = {
  categoryId: string | null;
  tags: string[];
  /** The category changes (never on a split transaction: its parts carry the categories). */
  recategorizes: boolean;
  changes: boolean;
};

/**
 * What a matching rule does to a transaction: sets its category (unless it is split: the
 * person divided it by hand) and adds the rule's tags, keeping the ones it has.
 */
export const ruleEffect = (rule: Pick<CompiledRule, "categoryId" | "tags">, t: RuleTarget): RuleEffect => {
  const recategorizes = rule.categoryId !== null && !t.hasSplits && t.categoryId !== rule.categoryId;
  const added = rule.tags.filter((tag) => !t.tags.includes(tag));
  return {
    categoryId: recategorizes ? rule.categoryId : t.categoryId,
    tags: added.length > 0 ? [...t.tags, ...added] : t.tags,
    recategorizes,
    changes: recategorizes || added.length > 0,
  };
};
