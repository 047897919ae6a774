import { budgets } from "@fincoach/db";
import { z } from "zod";
import { findReferencedCategory } from "../categories/find-category.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { CurrencyCode, IsoDate, Uuid } from "../shared/schemas.ts";
import { budgetCurrent } from "./budget-current.ts";
import { periodContaining } from "./budget-period.ts";
import { BudgetAmount, defaultBudgetCurrency, duplicateBudget } from "./budget-rules.ts";
import { BudgetPeriod, type BudgetView, toBudgetView } from "./budget-view.ts";
import { todayUtc } from "./calendar-date.ts";

/**
 * `currency` defaults to the person's first account's; `startDate` to the first day of
 * the current period; `rollover` to false.
 */
export const CreateBudget = z
  .object({
    categoryId: Uuid,
    period: BudgetPeriod,
    amount: BudgetAmount,
    currency: CurrencyCode.optional(),
    rollover: z.boolean().optional(),
    startDate: IsoDate.optional(),
  })
  .meta({ id: "CreateBudget" });
export type CreateBudget = z.infer<typeof CreateBudget>;

export const createBudget = async ({ ctx, input }: { ctx: Ctx; input: CreateBudget }): Promise<BudgetView> => {
  const data = CreateBudget.parse(input);
  const category = await findReferencedCategory(ctx, "categoryId", data.categoryId);
  const currency = data.currency ?? (await defaultBudgetCurrency(ctx));
  const amountMinor = toMinor("amount", data.amount, currency);
  const today = todayUtc();
  // DO NOTHING rather than catching the violation: it leaves a caller's transaction usable.
  const [row] = await ctx.db
    .insert(budgets)
    .values({
      userId: ctx.userId,
      categoryId: category.id,
      period: data.period,
      amountMinor,
      currency,
      rollover: data.rollover ?? false,
      startDate: data.startDate ?? periodContaining(data.period, today).start,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw duplicateBudget(data.period);
  return toBudgetView(row, await budgetCurrent(ctx.db, row, today));
};
