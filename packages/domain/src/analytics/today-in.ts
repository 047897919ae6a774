import type { CalendarDate } from "../budgets/calendar-date.ts";

/**
 * The calendar date it is at `now` in `timeZone` (IANA): at 23:30 on 31 January in Los
 * Angeles it is already 1 February in UTC, and the person's "this month" is still January.
 */
export const todayIn = (timeZone: string, now: Date): CalendarDate => {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
};
