import { ExplanationReason } from "@fincoach/contracts";
import { AppError } from "@fincoach/errors";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { findTransaction } from "../transactions/find-transaction.ts";
import { merchantKeyOf } from "./merchant-key.ts";
import type { ScoreModel } from "./model-scorer.ts";
import { loadPersonCategories } from "./person-categories.ts";

const ExplainedPick = z.object({
  label: z.string(),
  /** The person's category the label maps to, or null when it maps to none of theirs. */
  categoryId: Uuid.nullable(),
  categoryName: z.string().nullable(),
  confidence: z.number(),
});

export const CategoryExplanation = z
  .object({
    transactionId: Uuid,
    /** What decided the stored category (the explanation is the model's view either way). */
    source: z.enum(["rule", "memory", "model", "manual"]).nullable(),
    model: z.string(),
    modelVersion: z.string(),
    pick: ExplainedPick,
    alternatives: z.array(ExplainedPick),
    /** The features that weighed most for the pick: n-grams of the text, the amount band. */
    reasons: z.array(ExplanationReason),
  })
  .meta({ id: "CategoryExplanation" });
export type CategoryExplanation = z.infer<typeof CategoryExplanation>;

/**
 * Why the model would categorize one of the person's transactions as it does: the version
 * that serves them now scores the row again and names the features that weighed most.
 * Asked on demand rather than stored, so imports do not pay for explanations nobody reads.
 */
export const explainTransactionCategory = async ({
  ctx,
  input,
  scoreModel,
}: {
  ctx: Ctx;
  input: { id: string };
  scoreModel: ScoreModel | undefined;
}): Promise<CategoryExplanation> => {
  const row = await findTransaction(ctx.db, ctx.userId, input.id);
  if (!scoreModel) throw new AppError("PRECONDITION_FAILED", "no categorization model is configured on this server");
  if (row.description.trim() === "") throw new AppError("VALIDATION", "the transaction has no description to explain");
  const [score] = await scoreModel(ctx.userId, [
    {
      description: row.description.slice(0, 2000),
      merchant: merchantKeyOf(row.description, row.merchant).slice(0, 500) || null,
      amount: toDecimal(row.amountMinor, row.currency),
      currency: row.currency,
      date: row.date,
    },
  ]);
  const [top, ...rest] = score?.labels ?? [];
  if (!score || !top) throw new Error("the model answered no labels");
  const categories = await loadPersonCategories(ctx.db, ctx.userId);
  const pick = (l: { label: string; confidence: number }) => {
    const categoryId = categories.resolve(l.label, score.scope);
    return {
      label: l.label,
      categoryId,
      categoryName: categoryId ? (categories.nameOf(categoryId) ?? null) : null,
      confidence: l.confidence,
    };
  };
  return {
    transactionId: row.id,
    source: row.categorySource,
    model: score.model,
    modelVersion: score.version,
    pick: pick(top),
    alternatives: rest.map(pick),
    reasons: score.explanation,
  };
};
