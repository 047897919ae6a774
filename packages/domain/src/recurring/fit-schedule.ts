import { CADENCES, type CadenceSpec, SEMI_MONTHLY_GAP } from "./cadences.ts";
import { clampedDay, dayOfMonth, monthIndexOf } from "./epoch-day.ts";
import { daySchedule, monthSchedule, nearestSlot, type Schedule, semiMonthlySchedule } from "./schedule.ts";

export type Charge = { id: string; date: string; day: number; amountMinor: bigint };

/** A schedule and the charges that fall on its slots: one per slot, oldest first. */
export type Fit = { schedule: Schedule; members: Charge[]; slots: number[]; missed: number; deviation: number };

/**
 * Puts each charge on its nearest slot when within the cadence's tolerance, keeping the
 * closest charge per slot (others are left for another stream or stay one-off purchases).
 * Consecutive members may skip one slot (a late or waived charge); two or more missed slots
 * split the series and the longest part is kept (the latest on a tie). A stream of fewer than
 * three charges may skip none: two charges two periods apart are not evidence of a cadence.
 */
export const fitSchedule = (schedule: Schedule, charges: readonly Charge[]): Fit => {
  const tolerance = schedule.spec.toleranceDays;
  const bySlot = new Map<number, { charge: Charge; distance: number }>();
  for (const charge of charges) {
    const { k, distance } = nearestSlot(schedule, charge.day);
    if (distance > tolerance) continue;
    const held = bySlot.get(k);
    if (!held || distance < held.distance) bySlot.set(k, { charge, distance });
  }
  const slots = [...bySlot.keys()].sort((a, b) => a - b);
  let best: number[] = [];
  let run: number[] = [];
  for (const k of slots) {
    if (run.length > 0 && k - run.at(-1)! > 2) run = [];
    run.push(k);
    if (run.length >= best.length) best = [...run];
  }
  const span = best.length === 0 ? 0 : best.at(-1)! - best[0]! + 1;
  if (best.length < 3 && span !== best.length) best = [];
  if (best.length === 2 && !onePeriodApart(schedule, bySlot.get(best[0]!)!.charge, bySlot.get(best[1]!)!.charge)) {
    best = [];
  }
  return {
    schedule,
    members: best.map((k) => bySlot.get(k)!.charge),
    slots: best,
    missed: best.length === 0 ? 0 : span - best.length,
    deviation: best.reduce((sum, k) => sum + bySlot.get(k)!.distance, 0),
  };
};

/**
 * Two charges pin no phase (each may be up to the tolerance off a slot the other is off the
 * other way), so a two-charge stream needs the second within the tolerance of one period after
 * the first: 76 days apart is not quarterly.
 */
const onePeriodApart = (schedule: Schedule, a: Charge, b: Charge): boolean => {
  const { spec } = schedule;
  const expected =
    spec.months === null ? a.day + spec.days : clampedDay(monthIndexOf(a.day) + spec.months, dayOfMonth(a.day));
  return Math.abs(b.day - expected) <= spec.toleranceDays;
};

const score = (f: Fit): number => f.members.length - f.missed;

/**
 * Better: more members less missed slots (so a monthly stream with a few extra purchases is
 * not "semi-monthly with gaps", and biweekly charges are not "weekly, every other week
 * missed"), then more members, then closer to the slots, then the shorter cadence.
 */
export const betterFit = (a: Fit, b: Fit): boolean =>
  score(a) !== score(b)
    ? score(a) > score(b)
    : a.members.length !== b.members.length
      ? a.members.length > b.members.length
      : a.deviation !== b.deviation
        ? a.deviation < b.deviation
        : a.schedule.spec.days < b.schedule.spec.days;

/**
 * Every schedule worth trying for these charges: each cadence anchored on every phase within
 * its tolerance of a charge (a charge may itself be late or early, so the schedule's true
 * anchor can be up to the tolerance away from every one of them): a day phase for weekly and
 * biweekly; a month phase and day of the month for month-based cadences; for semi-monthly
 * every pair of days of the month 13-17 days apart whose first day is near a charge's.
 */
export const candidateSchedules = (charges: readonly Charge[]): Schedule[] => {
  const out: Schedule[] = [];
  const seen = new Set<string>();
  const month0 = monthIndexOf(charges[0]!.day);
  for (const spec of CADENCES) {
    const tolerance = spec.toleranceDays;
    for (const charge of charges) {
      for (let offset = -tolerance; offset <= tolerance; offset++) {
        const anchor = charge.day + offset;
        if (spec.cadence === "semi_monthly") {
          const first = dayOfMonth(anchor);
          for (let gap = SEMI_MONTHLY_GAP.min; gap <= SEMI_MONTHLY_GAP.max; gap++) {
            for (const [a, b] of [
              [first, first + gap],
              [first - gap, first],
            ] as const) {
              const key = `${spec.cadence}:${a}:${b}`;
              if (a < 1 || b > 31 || seen.has(key)) continue;
              seen.add(key);
              out.push(semiMonthlySchedule(spec, month0, a, b));
            }
          }
          continue;
        }
        const key = scheduleKey(spec, anchor);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(spec.months === null ? daySchedule(spec, anchor) : monthSchedule(spec, anchor));
      }
    }
  }
  return out;
};

/** Two anchors give the same schedule when they share the phase (weekday phase, or month phase and day). */
const scheduleKey = (spec: CadenceSpec, day: number): string => {
  if (spec.months === null) return `${spec.cadence}:${((day % spec.days) + spec.days) % spec.days}`;
  return `${spec.cadence}:${monthIndexOf(day) % spec.months}:${dayOfMonth(day)}`;
};

/** The best fit over every candidate schedule, or null when none has two members. */
export const bestFit = (charges: readonly Charge[]): Fit | null => {
  let best: Fit | null = null;
  for (const schedule of candidateSchedules(charges)) {
    const fit = fitSchedule(schedule, charges);
    if (fit.members.length >= 2 && (!best || betterFit(fit, best))) best = fit;
  }
  return best;
};
