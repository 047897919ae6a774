import { goalContributions } from "@fincoach/db";
import { conflict } from "@fincoach/errors";
import { z } from "zod";
import { todayUtc } from "../budgets/calendar-date.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { DecimalAmount, IsoDate } from "../shared/schemas.ts";
import { findGoal } from "./find-goal.ts";
import { type GoalContributionView, toGoalContributionView } from "./goal-contribution-view.ts";

/** `amount` is in the goal's currency; negative records a withdrawal. `date` defaults to today (UTC). */
export const AddGoalContribution = z
  .object({
    amount: DecimalAmount.refine((s) => /[1-9]/.test(s), "must not be zero"),
    date: IsoDate.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .meta({ id: "AddGoalContribution" });
export type AddGoalContribution = z.infer<typeof AddGoalContribution>;

/** Records money put aside for a goal; a goal that follows an account gets its progress from there instead. */
export const addGoalContribution = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { goalId: string; contribution: AddGoalContribution };
}): Promise<GoalContributionView> => {
  const data = AddGoalContribution.parse(input.contribution);
  const goal = await findGoal(ctx, input.goalId);
  if (goal.accountId !== null) {
    throw conflict("this goal follows a linked account's balance; manual contributions are for goals without one");
  }
  const amountMinor = toMinor("amount", data.amount, goal.currency);
  const [row] = await ctx.db
    .insert(goalContributions)
    .values({
      userId: ctx.userId,
      goalId: goal.id,
      amountMinor,
      date: data.date ?? todayUtc(),
      note: data.note ?? null,
    })
    .returning();
  return toGoalContributionView(row!, goal.currency);
};
