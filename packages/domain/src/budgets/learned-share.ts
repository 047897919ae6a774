import type { Budget, DbOrTx } from "@fincoach/db";
import { type DateRange, previousPeriod } from "./budget-period.ts";
import { addDays } from "./calendar-date.ts";
import { spendingInRanges } from "./category-spending.ts";
import { meanShare, type Share } from "./pace-figures.ts";

/** Previous periods the learned pace averages over. */
export const LEARNED_PERIODS = 6;
/** Fewer periods with spending than this and the pace stays linear. */
export const MIN_LEARNED_PERIODS = 2;

/** Whole days from `a` to `b` (b − a). */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * The share of a period's spending the person's own history expects by day `elapsed` of
 * `days`: for each of the LEARNED_PERIODS periods before `current` with spending (net money
 * out > 0) in the budget's category, the cumulative spending through the matching day
 * divided by that period's total, clamped to 0..1 (refunds can push a running sum outside
 * it), then the plain mean of those shares. Periods differ in length (28-31 days), so day
 * `elapsed` of `days` matches day ceil(elapsed × Dp / days) of a period of Dp days: the last
 * day always matches the last day (share 1). Undefined with fewer than MIN_LEARNED_PERIODS
 * such periods. Budget start dates don't limit the history: it is the category's.
 */
export const learnedShare = async (
  db: DbOrTx,
  budget: Budget,
  current: DateRange,
  elapsed: number,
  days: number,
): Promise<{ share: Share; periods: number } | undefined> => {
  const periods: DateRange[] = [];
  let p = current;
  for (let i = 0; i < LEARNED_PERIODS; i++) {
    p = previousPeriod(budget.period, p);
    periods.push(p);
  }
  const ranges = periods.flatMap((period) => {
    const length = daysBetween(period.start, period.end) + 1;
    const matching = Math.ceil((elapsed * length) / days);
    return [period, { start: period.start, end: addDays(period.start, matching - 1) }];
  });
  const sums = await spendingInRanges(db, {
    userId: budget.userId,
    categoryId: budget.categoryId,
    currency: budget.currency,
    ranges,
  });
  const shares: Share[] = [];
  for (let i = 0; i < periods.length; i++) {
    const total = sums[2 * i]!;
    const sofar = sums[2 * i + 1]!;
    if (total <= 0n) continue;
    shares.push({ num: sofar < 0n ? 0n : sofar > total ? total : sofar, den: total });
  }
  return shares.length < MIN_LEARNED_PERIODS ? undefined : { share: meanShare(shares), periods: shares.length };
};
