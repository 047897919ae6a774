import type { BudgetPeriod } from "@fincoach/db";
import { addDays, type CalendarDate, daysInMonth, isoWeekday } from "./calendar-date.ts";

/** An inclusive range of calendar dates. */
export type DateRange = { start: CalendarDate; end: CalendarDate };

/**
 * The period of the given kind that contains `date`: ISO weeks (Monday to Sunday),
 * calendar months, calendar years, all as UTC dates.
 */
export const periodContaining = (period: BudgetPeriod, date: CalendarDate): DateRange => {
  const [y, m] = date.split("-") as [string, string];
  switch (period) {
    case "weekly": {
      const start = addDays(date, -isoWeekday(date));
      return { start, end: addDays(start, 6) };
    }
    case "monthly":
      return { start: `${y}-${m}-01`, end: `${y}-${m}-${String(daysInMonth(Number(y), Number(m))).padStart(2, "0")}` };
    case "yearly":
      return { start: `${y}-01-01`, end: `${y}-12-31` };
  }
};

/** The period just before `current`. */
export const previousPeriod = (period: BudgetPeriod, current: DateRange): DateRange =>
  periodContaining(period, addDays(current.start, -1));
