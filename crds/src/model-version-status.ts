import { z } from "zod";
import { Conditions } from "./common.ts";

/** Summary phases, for printer columns; conditions carry the detail. */
export const ModelVersionPhase = {
  /** Accepted, children not ready yet. */
  Pending: "Pending",
  /** Waiting: another version of the model is mid-rollout (condition reason Queued). */
  Queued: "Queued",
  /** A candidate taking stepped traffic under analysis. */
  Progressing: "Progressing",
  /** The model's champion because it was its first version. */
  Serving: "Serving",
  /** The model's champion after winning a rollout. */
  Promoted: "Promoted",
  /** A former champion replaced by a promoted version; scaled down, no traffic. */
  Superseded: "Superseded",
  /** Failed its analysis; back to 0% with the reason in the Ready condition. */
  RolledBack: "RolledBack",
  /** Cannot be served (bad artifact, children failing). */
  Failed: "Failed",
} as const;
export type ModelVersionPhase = (typeof ModelVersionPhase)[keyof typeof ModelVersionPhase];

/** The latest analysis figures: the last check's stats and the failed-check count. */
export const Analysis = z
  .object({
    samples: z.int().min(0).optional().describe("Predictions in the last check's window."),
    errorRate: z.number().min(0).max(1).optional().describe("Error rate in that window (absent without data)."),
    latencyP99Ms: z.number().min(0).optional().describe("p99 latency in that window, ms (absent without data)."),
    feedbackAcceptanceRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Accepted share of feedback (absent without data)."),
    failedChecks: z.int().min(0).optional().describe("Failed checks so far in this rollout."),
    startTime: z.iso.datetime({ offset: true }).optional().describe("When this rollout's analysis started."),
    lastCheckTime: z.iso.datetime({ offset: true }).optional().describe("When the last check ran."),
  })
  .describe("Canary analysis figures.");
export type Analysis = z.output<typeof Analysis>;

/** What the operator observes about a version. */
export const ModelVersionStatus = z
  .object({
    observedGeneration: z.int().min(0).optional().describe("The metadata.generation this status was computed from."),
    phase: z
      .enum(Object.values(ModelVersionPhase) as [ModelVersionPhase, ...ModelVersionPhase[]])
      .optional()
      .describe("Summary of the conditions, for kubectl."),
    trafficWeight: z
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe("Percentage of the model's traffic this version serves now."),
    analysis: Analysis.optional(),
    conditions: Conditions.optional(),
  })
  .describe("Observed state of a ModelVersion. Conditions: Ready, Progressing, Promoted.");
export type ModelVersionStatus = z.output<typeof ModelVersionStatus>;

/** Condition types a ModelVersion reports. */
export const ModelVersionConditionType = { Ready: "Ready", Progressing: "Progressing", Promoted: "Promoted" } as const;
export type ModelVersionConditionType = (typeof ModelVersionConditionType)[keyof typeof ModelVersionConditionType];
