import { simulate } from "./simulate.ts";
import type { PlannerDebt, PlannerInput, PlanOutcome, RunStrategy } from "./types.ts";

/** How a plan fares against another way of paying the same debts; null fields mean that way never pays them off. */
export type Comparison = {
  strategy: RunStrategy;
  /** `budget_short`: with this strategy the budget leaves a month short of the minimums. */
  status: "paid_off" | "never" | "budget_short";
  months: number | null;
  debtFreeMonth: string | null;
  totalInterestMinor: bigint;
  /** Their total interest minus the plan's: positive when the plan pays less. Null when they never finish. */
  interestSavedMinor: bigint | null;
  /** Their months minus the plan's. Null when they never finish. */
  monthsSaved: number | null;
};

/** What the plan is compared with: minimum payments only (no extras), and the strategies it is not. */
export const alternativesTo = (strategy: RunStrategy): RunStrategy[] =>
  strategy === "snowball"
    ? ["minimum_only", "avalanche"]
    : strategy === "avalanche"
      ? ["minimum_only", "snowball"]
      : ["minimum_only", "snowball", "avalanche"];

/**
 * The plan against each alternative on the same debts and start. Minimum payments only pays
 * every debt its minimum and nothing more, extras left out; an alternative strategy gets the
 * same budget and extras. An alternative whose budget falls short of some month's minimums is `budget_short`.
 */
export const compareStrategies = (
  debts: readonly PlannerDebt[],
  input: PlannerInput,
  plan: PlanOutcome,
): Comparison[] =>
  alternativesTo(input.strategy).map((strategy) => {
    const run = simulate(
      debts,
      strategy === "minimum_only" ? { ...input, strategy, extras: [] } : { ...input, strategy },
    );
    const other = "requiredMinor" in run ? undefined : run;
    const finished = other?.status === "paid_off" && plan.status === "paid_off";
    return {
      strategy,
      status: other?.status ?? "budget_short",
      months: other?.months ?? null,
      debtFreeMonth: other?.debtFreeMonth ?? null,
      totalInterestMinor: other?.totalInterestMinor ?? 0n,
      interestSavedMinor: finished ? other.totalInterestMinor - plan.totalInterestMinor : null,
      monthsSaved: finished ? other.months! - plan.months! : null,
    };
  });
