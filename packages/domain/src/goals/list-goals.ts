import { goals } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import { type CalendarDate, todayUtc } from "../budgets/calendar-date.ts";
import type { Ctx } from "../shared/context.ts";
import { viewGoal } from "./get-goal.ts";
import type { GoalView } from "./goal-view.ts";

/** Every goal of the person, oldest first, with progress as of `asOf`. */
export const listGoals = async ({
  ctx,
  input = {},
}: {
  ctx: Ctx;
  input?: { asOf?: CalendarDate | undefined };
}): Promise<GoalView[]> => {
  const asOf = input.asOf ?? todayUtc();
  const rows = await ctx.db
    .select()
    .from(goals)
    .where(eq(goals.userId, ctx.userId))
    .orderBy(asc(goals.createdAt), asc(goals.id));
  return Promise.all(rows.map((g) => viewGoal(ctx.db, g, asOf)));
};
