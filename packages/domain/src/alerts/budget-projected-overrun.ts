import type { Budget } from "@fincoach/db";
import type { BudgetPace } from "../budgets/budget-pace-view.ts";
import { toMinor } from "../shared/amounts.ts";
import type { AlertCandidate } from "./alert-view.ts";

/**
 * Before this share of the period has passed a projection is mostly noise (one weekly shop
 * on day 1 projects thirty of them), so nothing is raised: day 2 of a week, day 6 or 7 of
 * a month, day 73 of a year.
 */
export const MIN_ELAPSED_FRACTION = { num: 1, den: 5 } as const;

/**
 * The current period's projected spending (the pace's basis: learned from the person's
 * history when there is enough, else linear; see budgets/get-budget-pace.ts) exceeds the
 * limit while spending is still within it. Once over, budget_over says so instead. Raised
 * once per budget and period.
 */
export const budgetProjectedOverrun = (budget: Budget, pace: BudgetPace): AlertCandidate | undefined => {
  if (!pace.projectedOverrun || pace.elapsedDays >= pace.days) return undefined;
  if (pace.elapsedDays * MIN_ELAPSED_FRACTION.den < pace.days * MIN_ELAPSED_FRACTION.num) return undefined;
  if (toMinor("spent", pace.spent, budget.currency) > toMinor("available", pace.available, budget.currency))
    return undefined;
  return {
    kind: "budget_projected_overrun",
    causeKey: `budget_projected_overrun:${budget.id}:${pace.start}`,
    budgetId: budget.id,
    categoryId: budget.categoryId,
    periodStart: pace.start,
    details: {
      currency: budget.currency,
      periodEnd: pace.end,
      today: pace.today,
      spent: pace.spent,
      available: pace.available,
      projected: pace.projected,
      basis: pace.basis,
      daysAhead: pace.daysAhead,
    },
  };
};
