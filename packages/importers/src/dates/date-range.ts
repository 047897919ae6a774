/**
 * The dates FinCoach accepts anywhere: files, API bodies, query filters and cursors. Banks
 * write placeholder years (0000, 9999) and PostgreSQL's `date` would take them, so one range
 * keeps a typo out of every report. Compared as `YYYY-MM-DD` strings (lexical = calendar order).
 */
export const MIN_DATE = "1900-01-01";
export const MAX_DATE = "2999-12-31";

/** True when an ISO `YYYY-MM-DD` date lies in [MIN_DATE, MAX_DATE]. */
export const isDateInRange = (isoDate: string): boolean => isoDate >= MIN_DATE && isoDate <= MAX_DATE;

/** The message every refusal of an out-of-range date uses. */
export const DATE_RANGE_MESSAGE = `must be between ${MIN_DATE} and ${MAX_DATE}`;
