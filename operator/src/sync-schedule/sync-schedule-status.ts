import type { ScheduleStatusReport } from "@fincoach/contracts";
import { type SyncSchedule, type SyncScheduleStatus, SyncScheduleConditionType as T } from "@fincoach/crds";
import { type Condition, getCondition, rfc3339, setCondition } from "@fincoach/kube";
import { missedRuns, type ParsedSchedule, parseSchedule } from "./schedule-times.ts";

/** What the operator read besides the CR: beat's report, if any (docs/operator-contracts.md). */
export type ObservedSchedule = {
  report?: ScheduleStatusReport | undefined;
  /** Why beat's report could not be used (a broken ConfigMap), for the Ready message. */
  reportProblem?: string | undefined;
};

/** An event worth recording about a condition's transition. */
export type ScheduleEvent = { type: "Normal" | "Warning"; reason: string; note: string };

/** The computed status, the events its transitions deserve and when to look again. */
export type ScheduleStatusResult = {
  status: SyncScheduleStatus;
  /** True when the schedule parses: only then are children applied. */
  valid: boolean;
  events: ScheduleEvent[];
  /** Until nextScheduleTime, so the status moves on after each tick. */
  requeueAfterMs?: number | undefined;
};

// After this long past a tick without beat reporting it, the tick counts as missed.
const TICK_GRACE_MS = 60_000;

/**
 * The status of a SyncSchedule at `now`, pure: nextScheduleTime from croner in the spec's
 * time zone (absent while suspended); last times and counts read back from beat's report
 * (ignored when it is about another object of the same name); conditions Ready (schedule
 * parses, children applied, beat not more than 100 runs behind) and Suspended, each with
 * observedGeneration and a lastTransitionTime that moves only when its status does.
 */
export const syncScheduleStatus = (ss: SyncSchedule, observed: ObservedSchedule, now: Date): ScheduleStatusResult => {
  const generation = ss.metadata.generation ?? 1;
  const old = ss.status ?? {};
  const report = observed.report?.uid === ss.metadata.uid ? observed.report : undefined;
  const status: SyncScheduleStatus = { observedGeneration: generation, ...readBack(report, old) };
  const parsed = parseSchedule(ss.spec.schedule, ss.spec.timeZone);
  const next = parsed.ok && !ss.spec.suspend ? parsed.cron.nextRun(now) : null;
  if (next) status.nextScheduleTime = rfc3339(next);
  let conditions = old.conditions;
  for (const c of [readyCondition(ss, observed, report, parsed, next, now), suspendedCondition(ss.spec.suspend)]) {
    conditions = setCondition(conditions, { ...c, observedGeneration: generation }, now);
  }
  status.conditions = conditions;
  const requeueAfterMs = next ? Math.max(1000, next.getTime() - now.getTime()) : undefined;
  return { status, valid: parsed.ok, events: transitions(old.conditions, conditions), requeueAfterMs };
};

type ConditionBody = Omit<Condition, "lastTransitionTime" | "observedGeneration">;

const suspendedCondition = (suspend: boolean): ConditionBody =>
  suspend
    ? { type: T.Suspended, status: "True", reason: "Suspended", message: "suspend is true: beat starts no new runs" }
    : { type: T.Suspended, status: "False", reason: "NotSuspended", message: "" };

const readyCondition = (
  ss: SyncSchedule,
  observed: ObservedSchedule,
  report: ScheduleStatusReport | undefined,
  parsed: ParsedSchedule,
  next: Date | null,
  now: Date,
): ConditionBody => {
  if (!parsed.ok) return { type: T.Ready, status: "False", reason: "InvalidSchedule", message: parsed.message };
  const problem = observed.reportProblem ? `; beat's report unusable: ${observed.reportProblem}` : "";
  if (!ss.spec.suspend) {
    const since = new Date(report?.lastScheduleTime ?? ss.metadata.creationTimestamp ?? now);
    const missed = missedRuns(parsed.cron, {
      since,
      now: new Date(now.getTime() - TICK_GRACE_MS),
      startingDeadlineSeconds: ss.spec.startingDeadlineSeconds,
    });
    if (missed.tooMany) {
      const message = `more than 100 runs missed since ${rfc3339(since)}: is beat running?${problem}`;
      return { type: T.Ready, status: "False", reason: "TooManyMissedStartTimes", message };
    }
  }
  const when = next ? `next run at ${rfc3339(next)}` : ss.spec.suspend ? "suspended" : "the schedule never fires again";
  return {
    type: T.Ready,
    status: "True",
    reason: "Scheduled",
    message: `workers and schedule handed to beat; ${when}${problem}`,
  };
};

const readBack = (report: ScheduleStatusReport | undefined, old: SyncScheduleStatus): Partial<SyncScheduleStatus> => {
  if (!report) {
    const { lastScheduleTime, lastSuccessfulTime, active, queued } = old;
    return strip({ lastScheduleTime, lastSuccessfulTime, active, queued });
  }
  return strip({
    lastScheduleTime: report.lastScheduleTime ? rfc3339(new Date(report.lastScheduleTime)) : undefined,
    lastSuccessfulTime: report.lastSuccessfulTime ? rfc3339(new Date(report.lastSuccessfulTime)) : undefined,
    active: report.active,
    queued: report.queued,
  });
};

const strip = <O extends object>(o: O): Partial<O> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<O>;

const transitions = (
  before: readonly Condition[] | undefined,
  after: readonly Condition[] | undefined,
): ScheduleEvent[] => {
  const changed = (type: string) => {
    const a = getCondition(before, type);
    const b = getCondition(after, type);
    return b && (a?.status !== b.status || a.reason !== b.reason) ? b : undefined;
  };
  const events: ScheduleEvent[] = [];
  const suspended = changed(T.Suspended);
  if (suspended?.status === "True") events.push({ type: "Normal", reason: "Suspended", note: suspended.message });
  if (suspended?.status === "False" && getCondition(before, T.Suspended)) {
    events.push({ type: "Normal", reason: "Resumed", note: "suspend is false: beat starts runs again" });
  }
  const ready = changed(T.Ready);
  if (ready?.status === "False") events.push({ type: "Warning", reason: ready.reason, note: ready.message });
  return events;
};
