/**
 * Calendar dates as whole days since 1970-01-01 (proleptic Gregorian, UTC), so intervals are
 * integer subtraction and month arithmetic never meets a time zone or a daylight-saving hour.
 * Integer arithmetic only (Howard Hinnant's days_from_civil): the detector evaluates many
 * candidate schedules per charge, and Date objects made that the whole cost.
 */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
};

export const toEpochDay = (iso: string): number => daysFromCivil(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10));

export const fromEpochDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** Year, month (1-12) and day of an epoch day (Howard Hinnant's civil_from_days). */
export const civilFromDays = (z0: number): { year: number; month: number; day: number } => {
  const z = z0 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
};

/** Months since year 0 of an epoch day (year * 12 + month - 1), and its day of the month. */
export const monthIndexOf = (day: number): number => {
  const c = civilFromDays(day);
  return c.year * 12 + c.month - 1;
};
export const dayOfMonth = (day: number): number => civilFromDays(day).day;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const monthLength = (year: number, month: number): number =>
  month === 2 && isLeap(year) ? 29 : LENGTHS[month - 1]!;

/**
 * The epoch day of `anchorDay` in month `monthIndex`, clamped to the month's length: a charge
 * anchored on the 31st falls on Feb 28 (29 in a leap year), Apr 30, and is back on Mar 31.
 */
export const clampedDay = (monthIndex: number, anchorDay: number): number => {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return daysFromCivil(year, month, Math.min(anchorDay, monthLength(year, month)));
};
