import { AppError } from "@fincoach/errors";
import { budgetTooLow, negativeAmortization } from "./plan-problems.ts";
import { simulate } from "./simulate.ts";
import type { PlannerDebt, PlannerInput, PlanOutcome } from "./types.ts";

/**
 * The plan, or a VALIDATION problem: a minimum below its first month's interest (naming the
 * debt and the minimum that would work), or a budget that leaves a month short of the
 * minimums (naming the debts and the budget that would work). A plan still unpaid at the
 * horizon is an answer, status "never", not an error.
 */
export const planPayoff = (debts: readonly PlannerDebt[], input: PlannerInput): PlanOutcome => {
  const negative = negativeAmortization(debts, input);
  if (negative.length > 0) {
    throw new AppError("VALIDATION", negative.map((i) => i.message).join("; "), { issues: negative });
  }
  const outcome = simulate(debts, input);
  if ("requiredMinor" in outcome) throw budgetTooLow(debts, input, outcome);
  return outcome;
};
