import { type Budget, budgets } from "@fincoach/db";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { findReferencedCategory } from "../categories/find-category.ts";
import { toDecimal, toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { CurrencyCode, IsoDate, Uuid } from "../shared/schemas.ts";
import { BudgetAmount, duplicateBudget, isUniqueViolation } from "./budget-rules.ts";
import { BudgetPeriod, type BudgetView } from "./budget-view.ts";
import type { CalendarDate } from "./calendar-date.ts";
import { findBudget } from "./find-budget.ts";
import { getBudget } from "./get-budget.ts";

/**
 * Changing only `currency` keeps the amount's decimal value ("500.00" EUR becomes
 * "500.00" USD), refused if it has too many decimals for the new currency.
 */
export const UpdateBudget = z
  .object({
    categoryId: Uuid.optional(),
    period: BudgetPeriod.optional(),
    amount: BudgetAmount.optional(),
    currency: CurrencyCode.optional(),
    rollover: z.boolean().optional(),
    startDate: IsoDate.optional(),
  })
  .strict()
  .meta({ id: "UpdateBudget" });
export type UpdateBudget = z.infer<typeof UpdateBudget>;

/** CONFLICT if another budget of the person already covers this category and period. */
const assertSlotFree = async (ctx: Ctx, budget: Budget, categoryId: string, period: Budget["period"]) => {
  const [other] = await ctx.db
    .select({ id: budgets.id })
    .from(budgets)
    .where(
      and(
        eq(budgets.userId, ctx.userId),
        eq(budgets.categoryId, categoryId),
        eq(budgets.period, period),
        ne(budgets.id, budget.id),
      ),
    );
  if (other) throw duplicateBudget(period);
};

export const updateBudget = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateBudget; asOf?: CalendarDate | undefined };
}): Promise<BudgetView> => {
  const patch = UpdateBudget.parse(input.patch);
  const budget = await findBudget(ctx, input.id);
  const categoryId = patch.categoryId
    ? (await findReferencedCategory(ctx, "categoryId", patch.categoryId)).id
    : budget.categoryId;
  const period = patch.period ?? budget.period;
  const currency = patch.currency ?? budget.currency;
  const amountMinor = toMinor("amount", patch.amount ?? toDecimal(budget.amountMinor, budget.currency), currency);
  await assertSlotFree(ctx, budget, categoryId, period);
  try {
    await ctx.db
      .update(budgets)
      .set({ categoryId, period, currency, amountMinor, rollover: patch.rollover, startDate: patch.startDate })
      .where(and(eq(budgets.id, budget.id), eq(budgets.userId, ctx.userId)));
  } catch (e) {
    // A concurrent write took the slot between the check and the update.
    if (isUniqueViolation(e)) throw duplicateBudget(period);
    throw e;
  }
  return getBudget({ ctx, input: { id: budget.id, asOf: input.asOf } });
};
