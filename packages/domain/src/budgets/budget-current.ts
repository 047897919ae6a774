import type { Budget, DbOrTx } from "@fincoach/db";
import { toDecimal } from "../shared/amounts.ts";
import { type DateRange, periodContaining, previousPeriod } from "./budget-period.ts";
import type { BudgetCurrent } from "./budget-view.ts";
import { type CalendarDate, maxDate } from "./calendar-date.ts";
import { spendingInRanges } from "./category-spending.ts";

/** The part of `range` on or after the budget's start date, or undefined if the budget hadn't started. */
const activePart = (range: DateRange, startDate: CalendarDate): DateRange | undefined =>
  startDate > range.end ? undefined : { start: maxDate(range.start, startDate), end: range.end };

/**
 * The budget in the period containing `asOf`. Spending before `startDate` doesn't count.
 * Rollover looks one period back only (no chain): the previous period's amount minus its
 * spending, if the budget had started by then; otherwise nothing rolls over.
 */
export const budgetCurrent = async (db: DbOrTx, budget: Budget, asOf: CalendarDate): Promise<BudgetCurrent> => {
  const period = periodContaining(budget.period, asOf);
  const current = activePart(period, budget.startDate);
  const previous = budget.rollover ? activePart(previousPeriod(budget.period, period), budget.startDate) : undefined;
  const ranges = [current, previous].filter((r): r is DateRange => r !== undefined);
  const sums = await spendingInRanges(db, {
    userId: budget.userId,
    categoryId: budget.categoryId,
    currency: budget.currency,
    ranges,
  });
  const spent = current ? sums[0]! : 0n;
  const rolledOver = current && previous ? budget.amountMinor - sums[1]! : 0n;
  const fmt = (minor: bigint) => toDecimal(minor, budget.currency);
  return {
    start: period.start,
    end: period.end,
    spent: fmt(spent),
    remaining: fmt(budget.amountMinor + rolledOver - spent),
    rolledOver: fmt(rolledOver),
  };
};
