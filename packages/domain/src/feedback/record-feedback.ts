import { type FeedbackRequest, FeedbackRequest as FeedbackRequestSchema } from "@fincoach/contracts";
import { categoryFeedback } from "@fincoach/db";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { parseInput } from "../transactions/parse-input.ts";

/** A feedback record as a use case takes it: the person is the context's. */
export const FeedbackInput = FeedbackRequestSchema.omit({ userId: true });
export type FeedbackInput = Omit<FeedbackRequest, "userId">;

/** Most records one recordFeedbackBatch call takes (bulk recategorize's own limit). */
const FeedbackInputs = z.array(FeedbackInput).max(1000);

const toRow = (userId: string, data: FeedbackInput) => ({
  userId,
  transactionId: data.transactionId ?? null,
  source: data.source,
  model: data.model ?? null,
  modelVersion: data.modelVersion ?? null,
  merchantKey: data.merchantKey ?? null,
  predictedCategoryId: data.predictedCategoryId ?? null,
  finalCategoryId: data.finalCategoryId ?? null,
  outcome: data.outcome,
});

/**
 * Records a person's reaction to an automatic category against the source (and model
 * version) that decided it. The ML service's stats and rule suggestions count these rows.
 */
export const recordFeedback = async ({ ctx, input }: { ctx: Ctx; input: FeedbackInput }): Promise<void> => {
  const data = parseInput(FeedbackInput, input);
  await ctx.db.insert(categoryFeedback).values(toRow(ctx.userId, data));
};

/** recordFeedback for many records in one INSERT (a bulk recategorize corrects up to 1,000 rows). */
export const recordFeedbackBatch = async ({
  ctx,
  inputs,
}: {
  ctx: Ctx;
  inputs: readonly FeedbackInput[];
}): Promise<void> => {
  const data = parseInput(FeedbackInputs, inputs);
  if (data.length === 0) return;
  await ctx.db.insert(categoryFeedback).values(data.map((d) => toRow(ctx.userId, d)));
};
