import { z } from "zod";
import { Conditions } from "./common.ts";

const time = (description: string) => z.iso.datetime({ offset: true }).optional().describe(description);

/** What the operator observes, read back from beat and the queue. */
export const SyncScheduleStatus = z
  .object({
    observedGeneration: z.int().min(0).optional().describe("The metadata.generation this status was computed from."),
    lastScheduleTime: time("When beat last started a run."),
    lastSuccessfulTime: time("When the last run whose jobs all succeeded finished."),
    nextScheduleTime: time("When the next run is due (absent while suspended)."),
    active: z.int().min(0).optional().describe("Sync jobs being processed now."),
    queued: z.int().min(0).optional().describe("Sync jobs waiting in the queue."),
    conditions: Conditions.optional(),
  })
  .describe("Observed state of a SyncSchedule. Conditions: Ready, Suspended.");
export type SyncScheduleStatus = z.output<typeof SyncScheduleStatus>;

/** Condition types a SyncSchedule reports. */
export const SyncScheduleConditionType = { Ready: "Ready", Suspended: "Suspended" } as const;
export type SyncScheduleConditionType = (typeof SyncScheduleConditionType)[keyof typeof SyncScheduleConditionType];
