import { goals } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { CalendarDate } from "../budgets/calendar-date.ts";
import { viewGoal } from "../goals/get-goal.ts";
import type { Ctx } from "../shared/context.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/**
 * Each goal with something saved: percent done and whether the last months' pace reaches the
 * target date (goals/goal-progress.ts decides `onTrack`). Once per goal and calendar month, so a
 * person hears about a goal monthly at most; once only when it is reached.
 */
export const goalProgressFacts = async (ctx: Ctx, today: CalendarDate): Promise<NudgeFacts<"goal_progress">[]> => {
  const rows = await ctx.db
    .select()
    .from(goals)
    .where(eq(goals.userId, ctx.userId))
    .orderBy(asc(goals.createdAt), asc(goals.id));
  const out: NudgeFacts<"goal_progress">[] = [];
  for (const g of rows) {
    const view = await viewGoal(ctx.db, g, today);
    if (view.progress.percent === "0.0") continue;
    out.push({
      kind: "goal_progress",
      // A reached goal is told once, not every month after.
      causeKey: `goal_progress:${g.id}:${view.progress.percent === "100.0" ? "reached" : today.slice(0, 7)}`,
      facts: {
        goal: g.name,
        currency: g.currency,
        saved: view.progress.saved,
        target: view.targetAmount,
        percent: view.progress.percent,
        onTrack: view.progress.onTrack,
        targetDate: g.targetDate,
        requiredMonthlySaving: view.progress.requiredMonthlySaving,
      },
    });
  }
  return out;
};
