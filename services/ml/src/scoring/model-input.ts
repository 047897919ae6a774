import type { ModelInput } from "@fincoach/categorizer";

/**
 * The model's amount convention is the card statement's, which the shared model learned from
 * (testdata's Birmingham file: a purchase is positive). FinCoach's own amounts are signed the
 * other way (money out is negative), so every row crossing into the model is negated here,
 * at scoring and at a person's training alike.
 */
export const modelAmount = (signedDecimal: string): number => -Number(signedDecimal);

/** A FinCoach row (decimal text, money out negative) as the model reads it. */
export const toModelInput = (row: { description: string; merchant: string | null; amount: string }): ModelInput => ({
  description: row.description,
  amount: modelAmount(row.amount),
  ...(row.merchant ? { merchant: row.merchant } : {}),
});
