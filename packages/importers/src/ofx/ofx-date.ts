import { DATE_RANGE_MESSAGE, isDateInRange } from "../dates/date-range.ts";
import { isoDate } from "../dates/iso-date.ts";

// YYYYMMDD, optional HH, MM, SS and fraction, optional [offset:TZ] ("[-3:GMT]", "[+5.5:IST]",
// "[0]", "[-05:00:EST]"). Every part is bounded and introduced by a distinct character, so the
// match is linear: no backtracking per transaction.
const OFX_DATE =
  /^(\d{4})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2}(?:[.,]\d{1,6})?)?)?)?\s*(?:\[\s*[+-]?\d{1,2}(?:[.:]\d{1,2})?(?::\s*[A-Za-z][\w/+-]{0,31})?\s*\])?$/;

/**
 * An OFX date-time as the ISO date written, or a message saying why not. The time and the
 * time-zone offset are checked for shape and otherwise ignored: the date is the bank's
 * calendar day, never shifted to UTC (a 23:00 `[-3:GMT]` purchase stays on its day).
 */
export const readOfxDate = (raw: string): string | { problem: string } => {
  const m = OFX_DATE.exec(raw);
  if (!m) return notADate(raw);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Placeholder years (00010101, 99991231) are out of range before they are anything else.
  const date = isoDate(Math.min(Math.max(year, 1000), 9999), month, day);
  if (date === undefined) return notADate(raw);
  return isDateInRange(date) && year >= 1000 ? date : { problem: `"${raw}" ${DATE_RANGE_MESSAGE}` };
};

const notADate = (raw: string) => ({ problem: `"${raw}" is not a date like 20230115[120000[.000]][[-3:GMT]]` });
