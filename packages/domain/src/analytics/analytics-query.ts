import { TimeZone } from "@fincoach/contracts";
import { invalidField } from "@fincoach/errors";
import { z } from "zod";
import { addDays, addMonths, type CalendarDate, isoWeekday } from "../budgets/calendar-date.ts";
import { IsoDate } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { todayIn } from "./today-in.ts";

export const INTERVALS = ["day", "week", "month"] as const;
export type Interval = (typeof INTERVALS)[number];

/** More periods than a chart can show is a mistake (a day interval over years), answered 400. */
export const MAX_PERIODS = 1_000;
/** Without `from`, this many periods up to and including the one containing `to`. */
export const DEFAULT_PERIODS = 12;

export const AnalyticsQuery = z
  .object({
    from: IsoDate.optional().meta({
      description: `First day counted (default: the start of the period ${DEFAULT_PERIODS - 1} periods before \`to\`'s)`,
    }),
    to: IsoDate.optional().meta({ description: "Last day counted, inclusive (default: today in `timeZone`)" }),
    interval: z.enum(INTERVALS).default("month").meta({
      description: "Period length: calendar days, ISO weeks (Monday to Sunday) or calendar months",
    }),
    timeZone: TimeZone.default("UTC").meta({
      example: "Europe/Berlin",
      description: "The person's IANA time zone: decides what `today` is (the default `to` and the current period)",
    }),
  })
  .strict()
  .meta({ id: "AnalyticsQuery" });
export type AnalyticsQuery = z.input<typeof AnalyticsQuery>;

/** The start of the period of `interval` containing `date`. */
export const periodStart = (interval: Interval, date: CalendarDate): CalendarDate => {
  switch (interval) {
    case "day":
      return date;
    case "week":
      return addDays(date, -isoWeekday(date));
    case "month":
      return `${date.slice(0, 7)}-01`;
  }
};

/** The start of the period `n` periods after the one starting at `start` (n may be negative). */
export const shiftPeriod = (interval: Interval, start: CalendarDate, n: number): CalendarDate => {
  switch (interval) {
    case "day":
      return addDays(start, n);
    case "week":
      return addDays(start, 7 * n);
    case "month":
      return addMonths(start, n);
  }
};

/** A resolved query: an inclusive date range and the periods it touches (the first and last clipped to it). */
export type AnalyticsRange = {
  from: CalendarDate;
  to: CalendarDate;
  interval: Interval;
  timeZone: string;
  periods: { start: CalendarDate; end: CalendarDate }[];
};

/**
 * Validates the query and fills its defaults in the person's time zone. `now` is the
 * clock (tests pass one). More than MAX_PERIODS periods, or `from` after `to`, is a
 * VALIDATION error naming the field (400 problem+json), never a slow answer.
 */
export const resolveRange = (input: AnalyticsQuery, now: Date = new Date()): AnalyticsRange => {
  const q = parseInput(AnalyticsQuery, input);
  const to = q.to ?? todayIn(q.timeZone, now);
  const from = q.from ?? shiftPeriod(q.interval, periodStart(q.interval, to), -(DEFAULT_PERIODS - 1));
  if (from > to) throw invalidField("from", `must be on or before to (${to})`);
  const periods: AnalyticsRange["periods"] = [];
  for (let start = periodStart(q.interval, from); start <= to; start = shiftPeriod(q.interval, start, 1)) {
    if (periods.length === MAX_PERIODS) {
      throw invalidField(
        "from",
        `the range holds more than ${MAX_PERIODS} ${q.interval} periods; narrow it or use a longer interval`,
      );
    }
    const end = addDays(shiftPeriod(q.interval, start, 1), -1);
    periods.push({ start: start < from ? from : start, end: end > to ? to : end });
  }
  return { from, to, interval: q.interval, timeZone: q.timeZone, periods };
};
