import type { RecurringCadence } from "@fincoach/db";
import { cadenceSpec } from "./cadences.ts";
import { toEpochDay } from "./epoch-day.ts";

export const RECURRING_STATUSES = ["early_detection", "mature", "paused", "ended"] as const;
export type RecurringStatus = (typeof RECURRING_STATUSES)[number];

/**
 * A stream's status on `today` (YYYY-MM-DD), from what is stored; it changes with the date
 * alone, so it is computed when read, never stored stale:
 * - ended: the person ended it, or two scheduled charges were missed (today is past the
 *   slot after the predicted one by more than the cadence's tolerance);
 * - paused: the predicted charge is late by more than the tolerance, the next one not yet;
 * - mature: at least the cadence's `matureAt` charges (or confirmed by the person);
 * - early_detection: otherwise (a new stream with its first few charges).
 */
export const streamStatus = (
  s: {
    cadence: RecurringCadence;
    occurrences: number;
    predictedNextDate: string;
    followingDate: string;
    endedByPerson: boolean;
    confirmed: boolean;
  },
  today: string,
): RecurringStatus => {
  const spec = cadenceSpec(s.cadence);
  const now = toEpochDay(today);
  if (s.endedByPerson || now > toEpochDay(s.followingDate) + spec.toleranceDays) return "ended";
  if (now > toEpochDay(s.predictedNextDate) + spec.toleranceDays) return "paused";
  return s.confirmed || s.occurrences >= spec.matureAt ? "mature" : "early_detection";
};
