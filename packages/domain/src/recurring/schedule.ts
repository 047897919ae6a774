import type { CadenceSpec } from "./cadences.ts";
import { clampedDay, dayOfMonth, monthIndexOf } from "./epoch-day.ts";

/**
 * A cadence's expected dates: slot 0 is the anchor charge's slot, slot k the k-th period
 * after it (negative before). Slots are epoch days.
 */
export type Schedule = {
  spec: CadenceSpec;
  slotDate: (k: number) => number;
  /** A short description of the anchor, for docs and debugging ("day 31", "days 1 & 15"). */
  anchor: string;
};

/** Day-based cadences (weekly, biweekly): the anchor date plus whole periods. */
export const daySchedule = (spec: CadenceSpec, anchorDay: number): Schedule => ({
  spec,
  slotDate: (k) => anchorDay + k * spec.days,
  anchor: `every ${spec.days} days`,
});

/** Month-based cadences: `months` calendar months from the anchor's month, on its day, clamped to month end. */
export const monthSchedule = (spec: CadenceSpec, anchorDay: number, day = dayOfMonth(anchorDay)): Schedule => {
  const month0 = monthIndexOf(anchorDay);
  const months = spec.months!;
  return { spec, slotDate: (k) => clampedDay(month0 + k * months, day), anchor: `day ${day}` };
};

/**
 * Semi-monthly: two anchor days `first` < `second` each month, each clamped to the month's
 * length; slot 0 is `first` in month `month0`, slot 1 its `second`, slot 2 the next month's
 * `first`.
 */
export const semiMonthlySchedule = (spec: CadenceSpec, month0: number, first: number, second: number): Schedule => ({
  spec,
  slotDate: (k) => {
    const month = month0 + Math.floor(k / 2);
    return clampedDay(month, k - Math.floor(k / 2) * 2 === 0 ? first : second);
  },
  anchor: `days ${first} & ${second}`,
});

/** The slot nearest `day` (ties: the earlier slot). */
export const nearestSlot = (schedule: Schedule, day: number): { k: number; distance: number } => {
  const guess = Math.round((day - schedule.slotDate(0)) / schedule.spec.days);
  let best = { k: guess, distance: Math.abs(day - schedule.slotDate(guess)) };
  for (const k of [guess - 2, guess - 1, guess + 1, guess + 2]) {
    const distance = Math.abs(day - schedule.slotDate(k));
    if (distance < best.distance || (distance === best.distance && k < best.k)) best = { k, distance };
  }
  return best;
};
