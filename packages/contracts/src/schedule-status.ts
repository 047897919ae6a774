import { z } from "zod";
import { boundedName } from "./bounded-name.ts";
import { parseConfigMapJson, parseContract } from "./contract-error.ts";
import { ObjectName, Timestamp } from "./kube-names.ts";
import { HANDOFF_LABEL } from "./schedule-handoff.ts";

/** Data key of a schedule status ConfigMap. */
export const SCHEDULE_STATUS_KEY = "status.json";
/** Labels beat puts on a status ConfigMap; the operator watches `HANDOFF_LABEL=sync-status`. */
export const SCHEDULE_STATUS_LABELS = {
  "app.kubernetes.io/managed-by": "fincoach-beat",
  "app.kubernetes.io/part-of": "fincoach",
  [HANDOFF_LABEL]: "sync-status",
} as const;
/** Label selector the operator lists/watches status ConfigMaps with. */
export const SCHEDULE_STATUS_SELECTOR = `${HANDOFF_LABEL}=sync-status`;

/**
 * Name of the ConfigMap beat writes SyncSchedule `name`'s status to (same namespace; beat
 * sets an ownerReference to the SyncSchedule using the handoff's uid, so it is collected).
 */
export const scheduleStatusConfigMapName = (name: string): string => boundedName([name, "schedule-status"], 253);

/**
 * What beat reports for one schedule, read back by the operator into the SyncSchedule's
 * status. `uid` guards against a report about a deleted schedule of the same name.
 */
export const ScheduleStatusReport = z.object({
  namespace: ObjectName,
  name: ObjectName,
  uid: z.string().min(1),
  /** The handoff generation beat is running. */
  observedGeneration: z.int().min(1),
  /** When beat last started a run (the tick's scheduled time). */
  lastScheduleTime: Timestamp.nullable(),
  /** When the last run whose jobs all succeeded finished. */
  lastSuccessfulTime: Timestamp.nullable(),
  /** Sync jobs being processed now. */
  active: z.int().min(0),
  /** Sync jobs waiting in the queue (the backlog the HPA scales on). */
  queued: z.int().min(0),
  /** When beat wrote this report. */
  updatedAt: Timestamp,
});
export type ScheduleStatusReport = z.infer<typeof ScheduleStatusReport>;

/** Reads a status ConfigMap's `data`; throws a ContractError naming each bad field. */
export const parseScheduleStatus = (data: Record<string, string> | undefined): ScheduleStatusReport =>
  parseConfigMapJson("schedule-status", ScheduleStatusReport, data, SCHEDULE_STATUS_KEY);

/** Validates and renders a status ConfigMap's `data` (for beat and for test stand-ins). */
export const renderScheduleStatus = (value: ScheduleStatusReport): Record<string, string> => ({
  [SCHEDULE_STATUS_KEY]: `${JSON.stringify(parseContract("schedule-status", ScheduleStatusReport, value), null, 2)}\n`,
});
