import type { DbOrTx, Goal } from "@fincoach/db";
import { type CalendarDate, todayUtc } from "../budgets/calendar-date.ts";
import type { Ctx } from "../shared/context.ts";
import { findGoal } from "./find-goal.ts";
import { goalProgress } from "./goal-progress.ts";
import { goalSavings } from "./goal-savings.ts";
import { type GoalView, toGoalView } from "./goal-view.ts";

/** The goal's view with its progress as of `asOf`. */
export const viewGoal = async (db: DbOrTx, goal: Goal, asOf: CalendarDate): Promise<GoalView> => {
  const { savedMinor, recentMinor } = await goalSavings(db, goal, asOf);
  const progress = goalProgress({
    targetMinor: goal.targetMinor,
    savedMinor,
    recentMinor,
    currency: goal.currency,
    targetDate: goal.targetDate,
    asOf,
  });
  return toGoalView(goal, progress);
};

/** The goal with its progress as of `asOf` (default: today, UTC). */
export const getGoal = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; asOf?: CalendarDate | undefined };
}): Promise<GoalView> => viewGoal(ctx.db, await findGoal(ctx, input.id), input.asOf ?? todayUtc());
