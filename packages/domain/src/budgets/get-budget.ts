import type { Ctx } from "../shared/context.ts";
import { budgetCurrent } from "./budget-current.ts";
import { type BudgetView, toBudgetView } from "./budget-view.ts";
import { type CalendarDate, todayUtc } from "./calendar-date.ts";
import { findBudget } from "./find-budget.ts";

/** The budget with its standing in the period containing `asOf` (default: today, UTC). */
export const getBudget = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; asOf?: CalendarDate | undefined };
}): Promise<BudgetView> => {
  const budget = await findBudget(ctx, input.id);
  return toBudgetView(budget, await budgetCurrent(ctx.db, budget, input.asOf ?? todayUtc()));
};
