import { addMonths, type CalendarDate } from "../budgets/calendar-date.ts";
import { toDecimal } from "../shared/amounts.ts";
import type { GoalProgress } from "./goal-view.ts";

/** The pace that decides `onTrack` is what was saved over this many months up to the date. */
export const PACE_MONTHS = 3;

/** Whole calendar months from `from` to `to` (Jan 15 -> Apr 15 is 3, -> Apr 14 is 2); 0 if `to` is not later. */
export const wholeMonthsBetween = (from: CalendarDate, to: CalendarDate): number => {
  if (to <= from) return 0;
  const [y1, m1] = from.split("-").map(Number) as [number, number];
  const [y2, m2] = to.split("-").map(Number) as [number, number];
  const months = (y2 - y1) * 12 + (m2 - m1);
  return addMonths(from, months) > to ? months - 1 : months;
};

/** Division rounded up, for non-negative `a` and positive `b`: paying this much each time never falls short. */
export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export type ProgressInput = {
  targetMinor: bigint;
  savedMinor: bigint;
  /** Saved during the PACE_MONTHS months ending on `asOf`. */
  recentMinor: bigint;
  currency: string;
  targetDate: CalendarDate | null;
  asOf: CalendarDate;
};

const percentOf = (saved: bigint, target: bigint): string => {
  const tenths = saved <= 0n ? 0n : saved >= target ? 1000n : (saved * 1000n) / target;
  return `${tenths / 10n}.${tenths % 10n}`;
};

/**
 * Progress towards a target: the required monthly saving spreads what remains over the
 * whole months left (at least one, so a date this month or already past asks for all of
 * it now), rounded up so that following it reaches the goal.
 */
export const goalProgress = (p: ProgressInput): GoalProgress => {
  const remaining = p.savedMinor >= p.targetMinor ? 0n : p.targetMinor - p.savedMinor;
  const monthsLeft = p.targetDate === null ? 0 : Math.max(1, wholeMonthsBetween(p.asOf, p.targetDate));
  const required = p.targetDate === null ? null : ceilDiv(remaining, BigInt(monthsLeft));
  const onTrack =
    remaining === 0n ||
    p.targetDate === null ||
    (p.targetDate > p.asOf && p.recentMinor * BigInt(monthsLeft) >= remaining * BigInt(PACE_MONTHS));
  return {
    saved: toDecimal(p.savedMinor, p.currency),
    remaining: toDecimal(remaining, p.currency),
    percent: percentOf(p.savedMinor, p.targetMinor),
    requiredMonthlySaving: required === null ? null : toDecimal(required, p.currency),
    onTrack,
  };
};
