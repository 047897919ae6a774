import { budgets } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { budgetCurrent } from "./budget-current.ts";
import { type BudgetView, toBudgetView } from "./budget-view.ts";
import { type CalendarDate, todayUtc } from "./calendar-date.ts";

/** Every budget of the person, oldest first, each with the period containing `asOf`. */
export const listBudgets = async ({
  ctx,
  input = {},
}: {
  ctx: Ctx;
  input?: { asOf?: CalendarDate | undefined };
}): Promise<BudgetView[]> => {
  const asOf = input.asOf ?? todayUtc();
  const rows = await ctx.db
    .select()
    .from(budgets)
    .where(eq(budgets.userId, ctx.userId))
    .orderBy(asc(budgets.createdAt), asc(budgets.id));
  return Promise.all(rows.map(async (b) => toBudgetView(b, await budgetCurrent(ctx.db, b, asOf))));
};
