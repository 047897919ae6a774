import type { Analysis, ModelVersionSpec } from "@fincoach/crds";
import type { StatsResult } from "./rollout-types.ts";

/** The verdict of one analysis check, with the figures to show in `status.analysis`. */
export type CheckVerdict = {
  passed: boolean;
  /** CamelCase: `CheckPassed`, or the first gate that failed. */
  reason: string;
  message: string;
  figures: Pick<Analysis, "samples" | "errorRate" | "latencyP99Ms" | "feedbackAcceptanceRate">;
};

type ThresholdValues = ModelVersionSpec["rollout"]["thresholds"];

/**
 * Flagger's rule: a check passes only when there is enough data and every gate holds.
 * No stats, no predictions or too few of them fail the check rather than pass it, so a
 * candidate nobody talks to can never be promoted.
 */
export const evaluateCheck = (thresholds: ThresholdValues, result: StatsResult): CheckVerdict => {
  if (!result.ok) return fail("StatsUnavailable", `no stats: ${result.error}`, {});
  const s = result.stats;
  const figures = {
    samples: s.predictions,
    ...(s.errorRate === null ? {} : { errorRate: s.errorRate }),
    ...(s.latencyP99Ms === null ? {} : { latencyP99Ms: s.latencyP99Ms }),
    ...(s.feedbackAcceptanceRate === null ? {} : { feedbackAcceptanceRate: s.feedbackAcceptanceRate }),
  };
  if (s.predictions === 0 || s.errorRate === null || s.latencyP99Ms === null) {
    return fail("NoData", `no predictions in the last ${s.window}`, figures);
  }
  if (s.predictions < thresholds.minSamples) {
    return fail("InsufficientSamples", `${s.predictions} samples < minSamples ${thresholds.minSamples}`, figures);
  }
  if (s.errorRate > thresholds.maxErrorRate) {
    return fail(
      "ErrorRateExceeded",
      `error rate ${round(s.errorRate)} > maxErrorRate ${thresholds.maxErrorRate}`,
      figures,
    );
  }
  if (s.latencyP99Ms > thresholds.maxLatencyP99Ms) {
    return fail("LatencyExceeded", `p99 ${s.latencyP99Ms} ms > maxLatencyP99Ms ${thresholds.maxLatencyP99Ms}`, figures);
  }
  const minAcceptance = thresholds.minFeedbackAcceptance;
  if (minAcceptance !== undefined) {
    if (s.feedbackAcceptanceRate === null) return fail("NoFeedback", "no feedback in the window", figures);
    if (s.feedbackAcceptanceRate < minAcceptance) {
      const rate = round(s.feedbackAcceptanceRate);
      return fail(
        "FeedbackAcceptanceTooLow",
        `feedback acceptance ${rate} < minFeedbackAcceptance ${minAcceptance}`,
        figures,
      );
    }
  }
  const message = `${s.predictions} samples, error rate ${round(s.errorRate)}, p99 ${s.latencyP99Ms} ms`;
  return { passed: true, reason: "CheckPassed", message, figures };
};

const fail = (reason: string, message: string, figures: CheckVerdict["figures"]): CheckVerdict => ({
  passed: false,
  reason,
  message,
  figures,
});

const round = (n: number): number => Math.round(n * 10_000) / 10_000;
