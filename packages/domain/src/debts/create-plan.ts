import { plans } from "@fincoach/db";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { buildPlan } from "./build-plan.ts";
import type { CreatePlan } from "./plan-input.ts";
import { type PlanView, toPlanView } from "./plan-view.ts";

/** Plans the debts and saves the plan: its inputs (the debts resolved) and the result. */
export const createPlan = async ({ ctx, input }: { ctx: Ctx; input: CreatePlan }): Promise<PlanView> => {
  const result = await buildPlan({ ctx, input });
  const [row] = await ctx.db
    .insert(plans)
    .values({
      userId: ctx.userId,
      strategy: result.strategy,
      currency: result.currency,
      monthlyBudgetMinor: toMinor("monthlyBudget", result.monthlyBudget, result.currency),
      startDate: result.startDate,
      debtIds: result.debtIds,
      payoffOrder: result.order,
      extras: result.extras,
      result,
    })
    .returning();
  return toPlanView(row!);
};
