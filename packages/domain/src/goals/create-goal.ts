import { goals } from "@fincoach/db";
import { z } from "zod";
import { findLinkableAccount } from "../accounts/find-linkable-account.ts";
import { todayUtc } from "../budgets/calendar-date.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { CurrencyCode, IsoDate, Uuid } from "../shared/schemas.ts";
import { viewGoal } from "./get-goal.ts";
import { GoalName, TargetAmount } from "./goal-rules.ts";
import type { GoalView } from "./goal-view.ts";

/** With `accountId`, progress follows that account's balance; without, manual contributions. */
export const CreateGoal = z
  .object({
    name: GoalName,
    targetAmount: TargetAmount,
    currency: CurrencyCode,
    targetDate: IsoDate.nullable().optional(),
    accountId: Uuid.nullable().optional(),
  })
  .meta({ id: "CreateGoal" });
export type CreateGoal = z.infer<typeof CreateGoal>;

export const createGoal = async ({ ctx, input }: { ctx: Ctx; input: CreateGoal }): Promise<GoalView> => {
  const data = CreateGoal.parse(input);
  const targetMinor = toMinor("targetAmount", data.targetAmount, data.currency);
  const account = data.accountId ? await findLinkableAccount(ctx, data.accountId, data.currency, "goal") : undefined;
  const [row] = await ctx.db
    .insert(goals)
    .values({
      userId: ctx.userId,
      name: data.name,
      targetMinor,
      currency: data.currency,
      targetDate: data.targetDate ?? null,
      accountId: account?.id ?? null,
    })
    .returning();
  return viewGoal(ctx.db, row!, todayUtc());
};
