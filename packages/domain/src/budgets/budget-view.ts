import { BUDGET_PERIODS, type Budget } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "../shared/schemas.ts";

export const BudgetPeriod = z.enum(BUDGET_PERIODS);

/** Where the budget stands in the period containing `asOf` (today unless asked otherwise). */
export const BudgetCurrent = z
  .object({
    start: IsoDate,
    end: IsoDate,
    /** Net money out in the budget's currency; refunds reduce it (below zero if they exceed spending). */
    spent: DecimalAmount,
    /** amount + rolledOver - spent; negative when overspent. */
    remaining: DecimalAmount,
    /** With rollover: the previous period's amount - spent (negative if it was overspent); else 0. */
    rolledOver: DecimalAmount,
  })
  .meta({ id: "BudgetCurrentPeriod" });
export type BudgetCurrent = z.infer<typeof BudgetCurrent>;

export const BudgetView = z
  .object({
    id: Uuid,
    categoryId: Uuid,
    period: BudgetPeriod,
    amount: DecimalAmount,
    currency: CurrencyCode,
    rollover: z.boolean(),
    startDate: IsoDate,
    current: BudgetCurrent,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Budget" });
export type BudgetView = z.infer<typeof BudgetView>;

export const toBudgetView = (b: Budget, current: BudgetCurrent): BudgetView => ({
  id: b.id,
  categoryId: b.categoryId,
  period: b.period,
  amount: toDecimal(b.amountMinor, b.currency),
  currency: b.currency,
  rollover: b.rollover,
  startDate: b.startDate,
  current,
  createdAt: b.createdAt.toISOString(),
  updatedAt: b.updatedAt.toISOString(),
});
