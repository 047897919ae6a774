import { durationToMs } from "@fincoach/contracts";
import { evaluateCheck } from "./evaluate-check.ts";
import type { StatsRequest, StatsResult } from "./rollout-types.ts";
import { emit, type Slot, type StepContext, setPhase } from "./version-slot.ts";

/** What one analysis turn decided. */
export type AnalysisTurn =
  | { kind: "waiting"; requeueAfterMs: number }
  | { kind: "awaitingStats"; request: StatsRequest }
  | { kind: "stepped"; requeueAfterMs: number }
  | { kind: "promoted" }
  /** `reason`: the failed check's (e.g. ErrorRateExceeded), as the rollback counter's label. */
  | { kind: "rolledBack"; reason: string };

/**
 * One turn of Flagger-style analysis for the candidate: nothing until `interval` has passed
 * since the last check (or the start); then judge the stats of that interval. A pass steps
 * the weight up by `stepWeight` (capped at `maxWeight`), a pass at `maxWeight` promotes; a
 * fail counts, and `threshold` fails roll back to 0%.
 */
export const runAnalysis = (
  candidate: Slot,
  champion: Slot,
  stats: { name: string; result: StatsResult } | undefined,
  ctx: StepContext,
): AnalysisTurn => {
  const { rollout, model, version } = candidate.v.spec;
  const intervalMs = durationToMs(rollout.interval);
  const analysis = candidate.status.analysis ?? {};
  if (!analysis.lastCheckTime) {
    // A status edited by hand lost the analysis clock: restart it rather than check at once.
    candidate.status.analysis = {
      ...analysis,
      failedChecks: analysis.failedChecks ?? 0,
      startTime: analysis.startTime ?? iso(ctx.now),
      lastCheckTime: iso(ctx.now),
    };
    return { kind: "waiting", requeueAfterMs: intervalMs };
  }
  const dueIn = Date.parse(analysis.lastCheckTime) + intervalMs - ctx.now.getTime();
  if (dueIn > 0) return { kind: "waiting", requeueAfterMs: dueIn };
  if (stats?.name !== candidate.v.name) {
    return { kind: "awaitingStats", request: { name: candidate.v.name, model, version, window: rollout.interval } };
  }
  const verdict = evaluateCheck(rollout.thresholds, stats.result);
  const failedChecks = (analysis.failedChecks ?? 0) + (verdict.passed ? 0 : 1);
  const startTime = analysis.startTime ?? analysis.lastCheckTime;
  candidate.status.analysis = { ...verdict.figures, failedChecks, startTime, lastCheckTime: iso(ctx.now) };
  const weight = candidate.status.trafficWeight ?? rollout.stepWeight;
  if (verdict.passed && weight >= rollout.maxWeight) {
    promote(candidate, champion, verdict.message, ctx);
    return { kind: "promoted" };
  }
  if (verdict.passed) {
    const next = Math.min(weight + rollout.stepWeight, rollout.maxWeight);
    const message = `check passed (${verdict.message}); weight ${weight}% -> ${next}%`;
    setPhase(candidate, "Progressing", ctx.now, { reason: "CheckPassed", message, trafficWeight: next });
    emit(ctx, candidate, "Normal", "WeightIncreased", `${version}: ${message}`);
    return { kind: "stepped", requeueAfterMs: intervalMs };
  }
  const tally = `${failedChecks}/${rollout.threshold} failed checks`;
  if (failedChecks >= rollout.threshold) {
    const message = `${verdict.reason}: ${verdict.message} (${tally}); traffic back to 0%`;
    setPhase(candidate, "RolledBack", ctx.now, { reason: "RolledBack", message, trafficWeight: 0 });
    emit(ctx, candidate, "Warning", "RolledBack", `${version}: ${message}`);
    return { kind: "rolledBack", reason: verdict.reason };
  }
  const message = `${verdict.reason}: ${verdict.message} (${tally}); weight stays ${weight}%`;
  setPhase(candidate, "Progressing", ctx.now, { reason: "CheckFailed", message, trafficWeight: weight });
  emit(ctx, candidate, "Warning", "CheckFailed", `${version}: ${message}`);
  return { kind: "stepped", requeueAfterMs: intervalMs };
};

const promote = (candidate: Slot, champion: Slot, figures: string, ctx: StepContext): void => {
  const { version } = candidate.v.spec;
  const old = champion.v.spec.version;
  setPhase(candidate, "Promoted", ctx.now, {
    message: `passed analysis at maxWeight (${figures}); serves 100%, replacing ${old}`,
    trafficWeight: 100,
  });
  setPhase(champion, "Superseded", ctx.now, { message: `superseded by ${version}; scaled down`, trafficWeight: 0 });
  emit(
    ctx,
    candidate,
    "Normal",
    "Promoted",
    `${version} promoted to champion of ${candidate.v.spec.model} (was ${old})`,
  );
  emit(ctx, champion, "Normal", "Superseded", `${old} superseded by ${version}; scaled down`);
};

// Milliseconds kept (unlike metav1.Time): with a 1s interval, truncating would make checks early.
export const iso = (at: Date): string => at.toISOString();
