import { debts, plans } from "@fincoach/db";
import { and, eq, inArray } from "drizzle-orm";
import { type CalendarDate, maxDate, todayUtc } from "../budgets/calendar-date.ts";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { buildPlan, missingDebts } from "./build-plan.ts";
import { findPlan } from "./find-plan.ts";
import { type PlanView, toPlanView } from "./plan-view.ts";

/**
 * Recomputes a saved plan from its debts' balances now and saves the new result. The inputs
 * stay; the plan starts from the later of its start date and today (the balances are today's),
 * and extras dated before that have passed and are left out. A debt deleted since answers
 * CONFLICT naming it.
 */
export const rerunPlan = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; today?: CalendarDate | undefined };
}): Promise<PlanView> => {
  const plan = await findPlan(ctx, input.id);
  const found = await ctx.db
    .select({ id: debts.id })
    .from(debts)
    .where(and(eq(debts.userId, ctx.userId), inArray(debts.id, plan.debtIds)));
  if (found.length !== plan.debtIds.length)
    throw missingDebts(
      plan.debtIds,
      found.map((d) => d.id),
    );
  const startDate = maxDate(plan.startDate, input.today ?? todayUtc());
  const result = await buildPlan({
    ctx,
    input: {
      strategy: plan.strategy,
      monthlyBudget: toDecimal(plan.monthlyBudgetMinor, plan.currency),
      startDate,
      debtIds: plan.debtIds,
      order: plan.payoffOrder ?? undefined,
      extras: plan.extras.filter((e) => e.date >= startDate),
    },
  });
  const [row] = await ctx.db
    .update(plans)
    .set({ startDate, extras: result.extras, result, computedAt: new Date() })
    .where(and(eq(plans.id, plan.id), eq(plans.userId, ctx.userId)))
    .returning();
  return toPlanView(row!);
};
