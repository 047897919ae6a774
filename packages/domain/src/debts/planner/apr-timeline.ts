import { type CalendarMonth, firstDayOf } from "./calendar-month.ts";
import type { AprEntry, PlannerDebt } from "./types.ts";

/**
 * The timeline entry in force for a month: the one whose from..to (inclusive) holds the
 * month's first day. Rates change only between months; a stretch starting mid-month takes
 * effect the month after. Entries never overlap (checked on input), so at most one matches.
 */
export const entryInForce = (debt: PlannerDebt, month: CalendarMonth): AprEntry | undefined => {
  const day = firstDayOf(month);
  return debt.aprSchedule.find((e) => e.from <= day && (e.to === null || day <= e.to));
};

/** Indexes of the first pair of entries whose date ranges overlap, or undefined. */
export const overlappingEntries = (
  entries: readonly { from: string; to?: string | null }[],
): [number, number] | undefined => {
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i]!;
      const b = entries[j]!;
      const aEndsBefore = a.to != null && a.to < b.from;
      const bEndsBefore = b.to != null && b.to < a.from;
      if (!aEndsBefore && !bEndsBefore) return [i, j];
    }
  }
  return undefined;
};
