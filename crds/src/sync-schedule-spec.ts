import {
  CRON_MAX_LENGTH,
  CRON_PATTERN,
  isTimeZone,
  TIME_ZONE_MAX_LENGTH,
  TIME_ZONE_PATTERN,
} from "@fincoach/contracts";
import { z } from "zod";
import { celRegex, withCel } from "./cel.ts";
import { LabelSelector, ResourceRequirements } from "./common.ts";

const Schedule = withCel(z.string().min(1).max(CRON_MAX_LENGTH), [
  {
    // Kubernetes' CEL has no cron parser: the pattern checks fields and their ranges; the
    // operator parses the expression for real before handing it to beat.
    rule: `self.matches(${celRegex(CRON_PATTERN)})`,
    message:
      "schedule must be a 5-field cron expression (minute hour day-of-month month day-of-week) or @hourly, @daily, ...",
    check: (s) => new RegExp(CRON_PATTERN).test(s),
  },
]).describe("When to sync, in cron syntax (as CronJob): e.g. '0 2 * * *' or '@hourly'.");

const TimeZone = withCel(z.string().min(1).max(TIME_ZONE_MAX_LENGTH), [
  {
    // The shape only: whether the zone exists is checked by the operator (Ready=False,
    // reason InvalidTimeZone), since the apiserver has no time zone database in CEL.
    rule: `self.matches(${celRegex(TIME_ZONE_PATTERN)})`,
    message: "timeZone must be an IANA time zone name such as UTC or Europe/Berlin",
    check: isTimeZone,
  },
])
  .default("UTC")
  .describe("IANA time zone the schedule is read in.");

/** The worker Deployment and its HPA for one schedule. */
export const WorkersSpec = withCel(
  z.object({
    image: z.string().min(1).max(512).describe("The sync worker image."),
    minReplicas: z.int().min(1).max(1000).default(1).describe("HPA minReplicas."),
    maxReplicas: z.int().min(1).max(1000).default(10).describe("HPA maxReplicas."),
    targetBacklogPerReplica: z
      .int()
      .min(1)
      .default(100)
      .describe("Queued jobs per replica the HPA aims for (External metric, AverageValue)."),
    concurrency: z.int().min(1).max(100).default(5).describe("Jobs one worker processes at once."),
    resources: ResourceRequirements.optional(),
  }),
  [
    {
      rule: "self.minReplicas <= self.maxReplicas",
      message: "minReplicas must not exceed maxReplicas",
      fieldPath: ".minReplicas",
      check: (w) => w.minReplicas <= w.maxReplicas,
      path: ["minReplicas"],
    },
  ],
).describe("The queue workers that run this schedule's sync jobs, scaled on the queue backlog.");
export type WorkersSpec = z.output<typeof WorkersSpec>;

/** What a person asks for: when to sync what, for whom, and with how many workers. */
export const SyncScheduleSpec = z
  .object({
    schedule: Schedule,
    timeZone: TimeZone,
    suspend: z.boolean().default(false).describe("True stops new runs; runs in flight finish."),
    source: z
      .enum(["mail", "bank", "all"])
      .default("all")
      .describe("What a run syncs: mailboxes, bank connections or both."),
    userSelector: LabelSelector.default({}).describe(
      "Which users a run syncs, as a label selector over the labels beat derives for each user; {} selects everyone.",
    ),
    startingDeadlineSeconds: z
      .int()
      .min(0)
      .optional()
      .describe("A run that could not start within this many seconds of its time is skipped; unset = no deadline."),
    concurrencyPolicy: z
      .enum(["Allow", "Forbid", "Replace"])
      .default("Forbid")
      .describe("When a run is due while the last is active: Allow both, Forbid (skip the new), Replace the old."),
    successfulJobsHistoryLimit: z.int().min(0).max(100).default(3).describe("Finished successful runs to keep."),
    failedJobsHistoryLimit: z.int().min(0).max(100).default(1).describe("Finished failed runs to keep."),
    workers: WorkersSpec,
  })
  .describe("Desired state of a SyncSchedule.");
export type SyncScheduleSpec = z.output<typeof SyncScheduleSpec>;
/** A spec as written by a person, before the apiserver's defaults. */
export type SyncScheduleSpecInput = z.input<typeof SyncScheduleSpec>;
