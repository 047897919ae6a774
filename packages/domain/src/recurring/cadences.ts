import type { RecurringCadence } from "@fincoach/db";

/**
 * Each cadence's nominal period and how far (in days) a charge may land from its scheduled
 * date. The tolerance grows with the period: weekly charges move by a day (a weekend, a
 * processing lag), annual renewals by up to two weeks. Monthly-based cadences step calendar
 * months with the anchor day clamped to the month's length, so month lengths are not
 * counted against the tolerance.
 */
export type CadenceSpec = {
  cadence: RecurringCadence;
  /** Nominal length in days (used to rank candidates and estimate slot numbers). */
  days: number;
  /** Day-based cadences step `days`; month-based ones step `months` calendar months. */
  months: number | null;
  toleranceDays: number;
  /** Fewest charges that make a stream: short cadences need 3, so two similar purchases a month apart are not a subscription. */
  minOccurrences: number;
  /** Charges from which a stream is `mature` rather than `early_detection`. */
  matureAt: number;
};

export const CADENCES: readonly CadenceSpec[] = [
  { cadence: "weekly", days: 7, months: null, toleranceDays: 1, minOccurrences: 3, matureAt: 4 },
  { cadence: "biweekly", days: 14, months: null, toleranceDays: 2, minOccurrences: 3, matureAt: 4 },
  // Two anchor days a month (1st & 15th, 15th & last): see schedule.ts.
  { cadence: "semi_monthly", days: 365.25 / 24, months: null, toleranceDays: 3, minOccurrences: 3, matureAt: 4 },
  { cadence: "monthly", days: 365.25 / 12, months: 1, toleranceDays: 4, minOccurrences: 3, matureAt: 4 },
  { cadence: "quarterly", days: 365.25 / 4, months: 3, toleranceDays: 7, minOccurrences: 2, matureAt: 3 },
  { cadence: "semi_annual", days: 365.25 / 2, months: 6, toleranceDays: 10, minOccurrences: 2, matureAt: 3 },
  { cadence: "annual", days: 365.25, months: 12, toleranceDays: 14, minOccurrences: 2, matureAt: 3 },
];

export const cadenceSpec = (cadence: RecurringCadence): CadenceSpec => CADENCES.find((c) => c.cadence === cadence)!;

/** Semi-monthly anchor days must split the month roughly in half (1st & 15th: 14 days; 15th & 31st: 16). */
export const SEMI_MONTHLY_GAP = { min: 13, max: 17 } as const;
