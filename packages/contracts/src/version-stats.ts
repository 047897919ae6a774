import { z } from "zod";
import { parseContract } from "./contract-error.ts";
import { Duration, durationToMs } from "./duration.ts";
import { Timestamp } from "./kube-names.ts";

/**
 * Path of the ML service's per-version stats endpoint (relative to its base URL):
 * `GET /v1/models/:model/versions/:version/stats?window=<duration>`.
 */
export const statsPath = (model: string, version: string, window: string): string =>
  `/v1/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(version)}/stats?window=${encodeURIComponent(Duration.parse(window))}`;

const rate = z.number().min(0).max(1).nullable();
const count = z.int().min(0);

/**
 * The stats endpoint's 200 body: what one version did over the trailing `window`. Rates
 * are `null` when their denominator is 0 (no predictions, no feedback): "no data" is not
 * "0% errors", and the operator counts a check without data as failed (like Flagger).
 */
export const VersionStats = z
  .object({
    model: z.string().min(1),
    version: z.string().min(1),
    /** The window as asked (`5m`). */
    window: Duration,
    windowSeconds: z.number().positive(),
    predictions: count,
    /** Predictions that failed (5xx, model errors, timeouts). */
    errors: count,
    errorRate: rate,
    latencyP99Ms: z.number().min(0).nullable(),
    /** Users' reactions to this version's suggestions (accepted = kept the category). */
    feedback: z.object({ total: count, accepted: count }),
    feedbackAcceptanceRate: rate,
    generatedAt: Timestamp,
  })
  .refine((s) => s.errors <= s.predictions, { message: "errors exceed predictions", path: ["errors"] })
  .refine((s) => s.feedback.accepted <= s.feedback.total, {
    message: "accepted exceeds total",
    path: ["feedback", "accepted"],
  })
  .refine((s) => (s.errorRate === null) === (s.predictions === 0), {
    message: "errorRate is null exactly when there are no predictions",
    path: ["errorRate"],
  })
  .refine((s) => (s.feedbackAcceptanceRate === null) === (s.feedback.total === 0), {
    message: "feedbackAcceptanceRate is null exactly when there is no feedback",
    path: ["feedbackAcceptanceRate"],
  });
export type VersionStats = z.infer<typeof VersionStats>;

/** Validates a stats response body; throws a ContractError naming each bad field. */
export const parseVersionStats = (body: unknown): VersionStats => parseContract("version-stats", VersionStats, body);

/** The raw counts a stats source has; buildVersionStats derives the rest. */
export type VersionCounts = {
  model: string;
  version: string;
  window: string;
  predictions: number;
  errors: number;
  latencyP99Ms: number | null;
  feedbackTotal: number;
  feedbackAccepted: number;
  now: Date;
};

/** A valid VersionStats from raw counts: for the ML service and for test stand-ins. */
export const buildVersionStats = (c: VersionCounts): VersionStats =>
  parseVersionStats({
    model: c.model,
    version: c.version,
    window: c.window,
    windowSeconds: durationToMs(c.window) / 1000,
    predictions: c.predictions,
    errors: c.errors,
    errorRate: c.predictions === 0 ? null : c.errors / c.predictions,
    latencyP99Ms: c.predictions === 0 ? null : c.latencyP99Ms,
    feedback: { total: c.feedbackTotal, accepted: c.feedbackAccepted },
    feedbackAcceptanceRate: c.feedbackTotal === 0 ? null : c.feedbackAccepted / c.feedbackTotal,
    generatedAt: c.now.toISOString(),
  });
