/** A calendar month as "YYYY-MM"; strings compare in month order. */
export type CalendarMonth = string;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The month a "YYYY-MM-DD" date falls in. */
export const monthOf = (date: string): CalendarMonth => date.slice(0, 7);

export const addMonthsTo = (month: CalendarMonth, months: number): CalendarMonth => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1, 2)}`;
};

export const daysOfMonth = (month: CalendarMonth): number => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

export const firstDayOf = (month: CalendarMonth): string => `${month}-01`;
