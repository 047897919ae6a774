import { Cron } from "croner";

/** CronJob's limit: past this many missed start times the controller stops counting. */
export const MAX_MISSED_RUNS = 100;

/** A parsed schedule, or why it could not be parsed. */
export type ParsedSchedule = { ok: true; cron: Cron } | { ok: false; message: string };

/**
 * Parses a five-field cron expression (or a nickname like `@hourly`) in an IANA time zone
 * (default UTC). Five fields only, as CronJob does: a seconds field would let one CR
 * enqueue a sync every second.
 */
export const parseSchedule = (schedule: string, timeZone = "UTC"): ParsedSchedule => {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    return { ok: false, message: `unknown time zone "${timeZone}"` };
  }
  try {
    return { ok: true, cron: new Cron(schedule, { timezone: timeZone, mode: "5-part" }) };
  } catch (e) {
    return { ok: false, message: `invalid schedule "${schedule}": ${(e as Error).message}` };
  }
};

/** What CronJob's `getMostRecentScheduleTime` reports. */
export type MissedRuns = {
  /** The latest scheduled time in (earliest, now], if any. */
  mostRecent: Date | null;
  /** Start times in (earliest, now], counted up to MAX_MISSED_RUNS + 1. */
  count: number;
  /** More than MAX_MISSED_RUNS were missed: CronJob gives up and the schedule needs attention. */
  tooMany: boolean;
};

/**
 * Start times that fell due since the last one beat started (or since creation), limited
 * to `startingDeadlineSeconds` before `now` when set: a run later than its deadline is
 * not a run owed, exactly as in CronJob.
 */
export const missedRuns = (
  cron: Cron,
  { since, now, startingDeadlineSeconds }: { since: Date; now: Date; startingDeadlineSeconds?: number | undefined },
): MissedRuns => {
  let earliest = since;
  if (startingDeadlineSeconds !== undefined) {
    const deadline = new Date(now.getTime() - startingDeadlineSeconds * 1000);
    if (deadline > earliest) earliest = deadline;
  }
  let mostRecent: Date | null = null;
  let count = 0;
  for (let t = cron.nextRun(earliest); t && t <= now; t = cron.nextRun(t)) {
    mostRecent = t;
    count += 1;
    if (count > MAX_MISSED_RUNS) break;
  }
  return { mostRecent, count, tooMany: count > MAX_MISSED_RUNS };
};
