import { z } from "zod";

const list = (item: string) => `${item}(,${item})*`;
const field = (value: string) => list(`(\\*|(${value})(-(${value}))?)(/[0-9]{1,2})?`);
const MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT";

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) with CronJob's
 * syntax: `*`, lists, ranges, steps, month and day names (upper case), values within their
 * field's range; or one of the `@hourly`-style macros. A regular expression because
 * Kubernetes' CEL has no cron parser: the CRDs use the same pattern in a CEL rule, and the
 * operator additionally parses the expression (croner) before handing it to beat.
 */
export const CRON_PATTERN = `^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|${[
  field("[0-5]?[0-9]"),
  field("[01]?[0-9]|2[0-3]"),
  field("0?[1-9]|[12][0-9]|3[01]"),
  field(`0?[1-9]|1[0-2]|${MONTHS}`),
  field(`[0-7]|${DAYS}`),
].join(" +")})$`;

/** Longest accepted cron expression; bounds the cost of the CEL regex too. */
export const CRON_MAX_LENGTH = 128;

/** Zod schema for a cron expression (see CRON_PATTERN). */
export const CronSchedule = z
  .string()
  .max(CRON_MAX_LENGTH)
  .regex(
    new RegExp(CRON_PATTERN),
    "must be a 5-field cron expression (minute hour day month weekday) or @hourly/@daily/...",
  );
export type CronSchedule = z.infer<typeof CronSchedule>;

/**
 * The shape of an IANA time zone name (`UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires`,
 * `Etc/GMT+5`). Shape only: the CRDs check it in CEL; isTimeZone checks the name exists.
 */
export const TIME_ZONE_PATTERN = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}$";
export const TIME_ZONE_MAX_LENGTH = 64;

/** Whether this runtime's ICU knows `timeZone` (what the operator checks before handing over). */
export const isTimeZone = (timeZone: string): boolean => {
  if (!new RegExp(TIME_ZONE_PATTERN).test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
};

/** Zod schema for a time zone that exists (see isTimeZone). */
export const TimeZone = z
  .string()
  .max(TIME_ZONE_MAX_LENGTH)
  .refine(isTimeZone, "must be an IANA time zone such as UTC or Europe/Berlin");
export type TimeZone = z.infer<typeof TimeZone>;
