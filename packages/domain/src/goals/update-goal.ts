import { goals } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { findLinkableAccount } from "../accounts/find-linkable-account.ts";
import type { CalendarDate } from "../budgets/calendar-date.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { IsoDate, Uuid } from "../shared/schemas.ts";
import { findGoal } from "./find-goal.ts";
import { getGoal } from "./get-goal.ts";
import { GoalName, TargetAmount } from "./goal-rules.ts";
import type { GoalView } from "./goal-view.ts";

/**
 * The currency is fixed at creation: contributions are recorded in it. Linking an account
 * sets contributions aside (they are kept, and count again if the account is unlinked).
 */
export const UpdateGoal = z
  .object({
    name: GoalName.optional(),
    targetAmount: TargetAmount.optional(),
    targetDate: IsoDate.nullable().optional(),
    accountId: Uuid.nullable().optional(),
  })
  .strict()
  .meta({ id: "UpdateGoal" });
export type UpdateGoal = z.infer<typeof UpdateGoal>;

export const updateGoal = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateGoal; asOf?: CalendarDate | undefined };
}): Promise<GoalView> => {
  const patch = UpdateGoal.parse(input.patch);
  const goal = await findGoal(ctx, input.id);
  const targetMinor =
    patch.targetAmount === undefined ? undefined : toMinor("targetAmount", patch.targetAmount, goal.currency);
  if (patch.accountId) await findLinkableAccount(ctx, patch.accountId, goal.currency, "goal");
  await ctx.db
    .update(goals)
    .set({ name: patch.name, targetMinor, targetDate: patch.targetDate, accountId: patch.accountId })
    .where(and(eq(goals.id, goal.id), eq(goals.userId, ctx.userId)));
  return getGoal({ ctx, input: { id: goal.id, asOf: input.asOf } });
};
