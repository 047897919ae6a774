import { z } from "zod";
import { boundedName } from "./bounded-name.ts";
import { parseConfigMapJson, parseContract } from "./contract-error.ts";
import { CronSchedule, TimeZone } from "./cron.ts";
import { ObjectName } from "./kube-names.ts";
import { LabelSelector } from "./label-selector.ts";

/** Label every handoff ConfigMap carries; beat watches ConfigMaps with `HANDOFF_LABEL=sync-schedule`. */
export const HANDOFF_LABEL = "fincoach.dev/handoff";
/** Data key of a schedule handoff ConfigMap. */
export const SCHEDULE_HANDOFF_KEY = "schedule.json";
/** Labels on the handoff ConfigMap (the operator's; beat's label selector is the last one). */
export const SCHEDULE_HANDOFF_LABELS = {
  "app.kubernetes.io/managed-by": "fincoach-operator",
  "app.kubernetes.io/part-of": "fincoach",
  [HANDOFF_LABEL]: "sync-schedule",
} as const;
/** Label selector beat lists/watches handoff ConfigMaps with. */
export const SCHEDULE_HANDOFF_SELECTOR = `${HANDOFF_LABEL}=sync-schedule`;

/** Name of the handoff ConfigMap of SyncSchedule `name` (same namespace, owned by it). */
export const scheduleHandoffConfigMapName = (name: string): string => boundedName([name, "schedule"], 253);

/**
 * The BullMQ queue beat enqueues a schedule's sync jobs into and its workers consume; also
 * the `queue` label value of the backlog metric its HPA scales on, hence at most 63 chars.
 */
export const syncQueueName = (namespace: string, name: string): string => boundedName(["sync", namespace, name], 63);

/**
 * Deterministic name of the run scheduled at `scheduledTime`: `<name>-<unix minutes>`, as
 * CronJob names its Jobs. Beat uses it as the job id so a tick enqueued twice (two beat
 * replicas, a restart) collapses into one job.
 */
export const runName = (scheduleName: string, scheduledTime: Date): string =>
  `${scheduleName}-${Math.floor(scheduledTime.getTime() / 60_000)}`;

/**
 * What the operator hands to beat for one SyncSchedule: its spec with defaults applied and
 * validated (cron parsed, time zone known), plus identity so beat can tell a re-created
 * schedule from the old one and report status against the generation it runs.
 */
export const ScheduleHandoff = z.object({
  namespace: ObjectName,
  name: ObjectName,
  uid: z.string().min(1),
  /** The SyncSchedule's metadata.generation this handoff was rendered from. */
  generation: z.int().min(1),
  schedule: CronSchedule,
  timeZone: TimeZone,
  /** True: beat starts no new runs (runs in flight finish). */
  suspend: z.boolean(),
  source: z.enum(["mail", "bank", "all"]),
  /** Which users a run syncs; `{}` is everyone. Matched against the labels beat derives per user. */
  userSelector: LabelSelector,
  /** A run missed by more than this is skipped; null = no deadline. */
  startingDeadlineSeconds: z.int().min(0).nullable(),
  /** CronJob semantics: Allow overlapping runs, Forbid (skip the tick), Replace (cancel the old run). */
  concurrencyPolicy: z.enum(["Allow", "Forbid", "Replace"]),
  /** The queue to enqueue into (see syncQueueName). */
  queue: z.string().min(1).max(63),
});
export type ScheduleHandoff = z.infer<typeof ScheduleHandoff>;

/** Reads a handoff ConfigMap's `data`; throws a ContractError naming each bad field. */
export const parseScheduleHandoff = (data: Record<string, string> | undefined): ScheduleHandoff =>
  parseConfigMapJson("schedule-handoff", ScheduleHandoff, data, SCHEDULE_HANDOFF_KEY);

/** Validates and renders a handoff ConfigMap's `data` (stable key order). */
export const renderScheduleHandoff = (value: ScheduleHandoff): Record<string, string> => ({
  [SCHEDULE_HANDOFF_KEY]: `${JSON.stringify(parseContract("schedule-handoff", ScheduleHandoff, value), null, 2)}\n`,
});
