import { budgets, categories } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { CalendarDate } from "../budgets/calendar-date.ts";
import { budgetPace } from "../budgets/get-budget-pace.ts";
import { daysBetween } from "../budgets/learned-share.ts";
import { toDecimal, toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/**
 * Budgets projected to overrun this period (the pace's own verdict, learned pace when there is
 * history), with what that means for the month: the overrun, what is left and the most that can
 * be spent per remaining day to stay on budget. Once per budget and period.
 */
export const budgetSlipFacts = async (
  ctx: Ctx,
  today: CalendarDate,
  timeZone: string,
): Promise<NudgeFacts<"budget_slip">[]> => {
  const rows = await ctx.db
    .select({ budget: budgets, name: categories.name })
    .from(budgets)
    .innerJoin(categories, eq(categories.id, budgets.categoryId))
    .where(eq(budgets.userId, ctx.userId))
    .orderBy(asc(budgets.createdAt), asc(budgets.id));
  const out: NudgeFacts<"budget_slip">[] = [];
  for (const { budget, name } of rows) {
    const pace = await budgetPace(ctx.db, budget, today, timeZone);
    if (!pace.projectedOverrun || pace.elapsedDays === 0) continue;
    const c = budget.currency;
    const minor = (field: string, v: string) => toMinor(field, v, c);
    const leftMinor = minor("available", pace.available) - minor("spent", pace.spent);
    const left = leftMinor > 0n ? leftMinor : 0n;
    const daysLeft = Math.max(daysBetween(today, pace.end), 0);
    // No day left: the whole remainder is today's allowance.
    const allowance = daysLeft === 0 ? left : left / BigInt(daysLeft);
    out.push({
      kind: "budget_slip",
      causeKey: `budget_slip:${budget.id}:${pace.start}`,
      facts: {
        budget: name,
        currency: c,
        spent: pace.spent,
        available: pace.available,
        projected: pace.projected,
        overrun: toDecimal(minor("projected", pace.projected) - minor("available", pace.available), c),
        left: toDecimal(left, c),
        daysLeft,
        dailyAllowance: toDecimal(allowance, c),
        periodEnd: pace.end,
      },
    });
  }
  return out;
};
