import type { CategorizeResult } from "@fincoach/contracts";
import type { CategoryAlternativeData, CategorySource } from "@fincoach/db";

/** A pipeline result as the transaction's category columns store it. */
export type DecisionColumns = {
  categoryId: string | null;
  categorySource: CategorySource | null;
  categoryConfidence: number | null;
  categoryModel: string | null;
  categoryModelVersion: string | null;
  categoryAlternatives: CategoryAlternativeData[] | null;
  suggestedCategoryId: string | null;
  categorizedAt: Date | null;
};

/**
 * The columns for a result: a model's pick below the threshold keeps source `model` with
 * no category and the pick in `suggestedCategoryId` (feedback on it is then counted
 * against that version). A suggestion whose class maps to none of the person's categories
 * is not stored: there is nothing the person could accept.
 */
export const decisionColumns = (r: CategorizeResult, now: Date): DecisionColumns => ({
  categoryId: r.category,
  categorySource: r.source,
  categoryConfidence: r.confidence,
  categoryModel: r.model,
  categoryModelVersion: r.modelVersion,
  categoryAlternatives:
    r.source === "model"
      ? r.alternatives.map((a) => ({ label: a.label, categoryId: a.categoryId, confidence: a.confidence }))
      : null,
  suggestedCategoryId: r.suggestion?.categoryId ?? null,
  categorizedAt: r.source === null ? null : now,
});

/** Columns of a category the person chose themselves (an explicit categoryId, a correction). */
export const manualDecision = (categoryId: string | null, now: Date): DecisionColumns => ({
  categoryId,
  categorySource: "manual",
  categoryConfidence: categoryId === null ? null : 1,
  categoryModel: null,
  categoryModelVersion: null,
  categoryAlternatives: null,
  suggestedCategoryId: null,
  categorizedAt: now,
});

/** The given tags, then a rule's tags they lack, in the rule's order. */
export const withRuleTags = (tags: readonly string[], ruleTags: readonly string[]): string[] => {
  const added = ruleTags.filter((t) => !tags.includes(t));
  return added.length > 0 ? [...tags, ...added] : [...tags];
};
