import type { ScheduleHandoff } from "@fincoach/contracts";
import { Cron } from "croner";

/** A schedule's cron in its time zone (five fields, as CronJob; the operator validated both). */
export const scheduleCron = (s: Pick<ScheduleHandoff, "schedule" | "timeZone">): Cron =>
  new Cron(s.schedule, { timezone: s.timeZone, mode: "5-part" });

/** What is owed at `now`: the tick to run, or the latest one that came and went past its deadline. */
export type DueTick = { run: Date | null; missed: Date | null };

/**
 * CronJob's rule: of the ticks in (since, now] only the most recent is run, and only if it
 * is no later than `startingDeadlineSeconds` (null: no deadline); earlier ones are not
 * caught up one by one. `since` is the last tick already handled (or when beat first saw
 * the schedule). `missed` reports a due tick skipped for its deadline.
 */
export const dueTick = (
  cron: Cron,
  { since, now, startingDeadlineSeconds }: { since: Date; now: Date; startingDeadlineSeconds: number | null },
): DueTick => {
  // previousRuns excludes its reference; a tick exactly at `now` is due now.
  const latest = cron.previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
  if (!latest || latest.getTime() <= since.getTime()) return { run: null, missed: null };
  if (startingDeadlineSeconds !== null && now.getTime() - latest.getTime() > startingDeadlineSeconds * 1000)
    return { run: null, missed: latest };
  return { run: latest, missed: null };
};

/** The next tick after `now`, or null when the expression never fires again. */
export const nextTick = (cron: Cron, now: Date): Date | null => cron.nextRun(now);
