/**
 * Calendar dates as ISO strings (YYYY-MM-DD), computed in UTC. Strings compare in date
 * order, so `<` and `>` work on them directly.
 */
export type CalendarDate = string;

const toUtc = (d: CalendarDate): Date => new Date(`${d}T00:00:00Z`);
const fromUtc = (t: Date): CalendarDate => t.toISOString().slice(0, 10);

/** Today's date in UTC. */
export const todayUtc = (now: Date = new Date()): CalendarDate => fromUtc(now);

export const addDays = (d: CalendarDate, days: number): CalendarDate => {
  const t = toUtc(d);
  t.setUTCDate(t.getUTCDate() + days);
  return fromUtc(t);
};

/** Days in the month (1-12) of `year`. */
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Adds calendar months; the day is clamped to the target month's length (Jan 31 + 1 month = Feb 29 or 28). */
export const addMonths = (d: CalendarDate, months: number): CalendarDate => {
  const [y, m, day] = d.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const clamped = Math.min(day, daysInMonth(year, month));
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(clamped).padStart(2, "0")}`;
};

/** ISO weekday, Monday = 0 ... Sunday = 6. */
export const isoWeekday = (d: CalendarDate): number => (toUtc(d).getUTCDay() + 6) % 7;

export const maxDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a > b ? a : b);
