import type { Budget } from "@fincoach/db";
import { toDecimal } from "../shared/amounts.ts";
import type { AlertCandidate } from "./alert-view.ts";

/**
 * The budget's period is over its limit: spent > amount + rolled over. Raised once per
 * budget and period (a refund bringing it back under and another charge pushing it over again
 * is the same cause, not a new alert).
 */
export const budgetOver = (
  budget: Budget,
  period: { start: string; end: string },
  figures: { spentMinor: bigint; availableMinor: bigint },
): AlertCandidate | undefined => {
  if (figures.spentMinor <= figures.availableMinor) return undefined;
  const fmt = (minor: bigint) => toDecimal(minor, budget.currency);
  return {
    kind: "budget_over",
    causeKey: `budget_over:${budget.id}:${period.start}`,
    budgetId: budget.id,
    categoryId: budget.categoryId,
    periodStart: period.start,
    details: {
      currency: budget.currency,
      periodEnd: period.end,
      spent: fmt(figures.spentMinor),
      available: fmt(figures.availableMinor),
      over: fmt(figures.spentMinor - figures.availableMinor),
    },
  };
};
