import { isoDate } from "../dates/iso-date.ts";
import { monthFromName } from "../dates/month-names.ts";

/** A calendar date found in text, with whether its day/month order had to be assumed. */
export type FoundDate = { date: string; index: number; assumedOrder: boolean };

const LETTERS = "[A-Za-zÁÉÍÓÚáéíóúÑñ]";
// "04/Oct/2019", "28/MAY/2019", "5 Dec 2018", "18 December 2017", "1 de mayo de 2021", "Sat, 1 May 2021".
const DAY_MONTH_YEAR = new RegExp(
  `(?<![\\d])(\\d{1,2})(?:[/\\s.-]|\\sde\\s)(${LETTERS}{3,10})\\.?(?:[/\\s.,-]+|\\sde\\s|\\sdel\\s)(\\d{4})(?!\\d)`,
  "gu",
);
// "February 10, 2018", "Dec 5 2018".
const MONTH_DAY_YEAR = new RegExp(`(?<!${LETTERS})(${LETTERS}{3,10})\\.?\\s(\\d{1,2}),?\\s(\\d{4})(?!\\d)`, "gu");
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const NUMERIC = /(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/.])/g;

/**
 * Dates written in `text`, in order of appearance: ISO, day-month-year with an English or
 * Spanish month name (or abbreviation), "Month day, year", and numeric dd/mm/yyyy. A numeric
 * date whose parts both fit a month is read day-first (as Mexico and the UK write it) and
 * flagged, so callers can lower their confidence.
 */
export const findDates = (text: string): FoundDate[] => {
  const found: FoundDate[] = [];
  const push = (date: string | undefined, index: number, assumedOrder = false): void => {
    if (date) found.push({ date, index, assumedOrder });
  };
  for (const m of text.matchAll(ISO)) push(isoDate(Number(m[1]), Number(m[2]), Number(m[3])), m.index ?? 0);
  for (const m of text.matchAll(DAY_MONTH_YEAR)) {
    const month = monthFromName(m[2] ?? "");
    if (month) push(isoDate(Number(m[3]), month, Number(m[1])), m.index ?? 0);
  }
  for (const m of text.matchAll(MONTH_DAY_YEAR)) {
    const month = monthFromName(m[1] ?? "");
    if (month) push(isoDate(Number(m[3]), month, Number(m[2])), m.index ?? 0);
  }
  for (const m of text.matchAll(NUMERIC)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (a > 12) push(isoDate(y, b, a), m.index ?? 0);
    else if (b > 12) push(isoDate(y, a, b), m.index ?? 0);
    else push(isoDate(y, b, a), m.index ?? 0, a !== b);
  }
  return found.sort((x, y) => x.index - y.index);
};

/** The first date in `text`, or undefined. */
export const firstDate = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : findDates(text)[0]?.date;
