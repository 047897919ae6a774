import { goalContributions } from "@fincoach/db";
import { and, asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { findGoal } from "./find-goal.ts";
import { type GoalContributionView, toGoalContributionView } from "./goal-contribution-view.ts";

/** The goal's contributions, oldest date first. */
export const listGoalContributions = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { goalId: string };
}): Promise<GoalContributionView[]> => {
  const goal = await findGoal(ctx, input.goalId);
  const rows = await ctx.db
    .select()
    .from(goalContributions)
    .where(and(eq(goalContributions.goalId, goal.id), eq(goalContributions.userId, ctx.userId)))
    .orderBy(asc(goalContributions.date), asc(goalContributions.createdAt), asc(goalContributions.id));
  return rows.map((c) => toGoalContributionView(c, goal.currency));
};
