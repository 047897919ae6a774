import { durationToMs, type VersionWeight } from "@fincoach/contracts";
import type { RolloutInput, RolloutOutput } from "./rollout-types.ts";
import { iso, runAnalysis } from "./run-analysis.ts";
import {
  byAge,
  emit,
  isChampion,
  isEligible,
  type Slot,
  type StepContext,
  setPhase,
  specChanged,
} from "./version-slot.ts";

/**
 * One level-triggered step of a model's rollout, pure: from every live version of the
 * model (with status) and the clock, the next status of each, the model's traffic weights
 * and the events to record. Safe to repeat: a step with nothing due returns the input
 * statuses. State lives only in the statuses, so an operator restart resumes mid-rollout.
 *
 * Rules: exactly one champion (the first version; or, when it is gone, the candidate under
 * analysis or the oldest waiting version; a version not mid-analysis only once its pods are
 * available); one candidate at a time, oldest first, the rest
 * Queued; a spec change restarts the candidate's analysis and gives a RolledBack or Failed
 * version another go; weights sum to 100 whenever anything serves.
 */
export const stepRollout = ({ versions, now, stats }: RolloutInput): RolloutOutput => {
  const ctx: StepContext = { now, events: [] };
  const slots: Slot[] = versions.map((v) => ({ v, status: structuredClone(v.status ?? {}) })).sort(byAge);
  for (const slot of slots) reviveOnSpecChange(slot);
  const resolved = resolveChampion(slots, ctx);
  let champion = resolved.champion;
  let candidate = champion ? resolveCandidate(slots, champion, ctx) : undefined;
  let requeueAfterMs: number | undefined;
  let awaitingStats: RolloutOutput["awaitingStats"];
  const rollbacks: RolloutOutput["rollbacks"] = [];
  if (candidate && champion) {
    const turn = runAnalysis(candidate, champion, stats, ctx);
    if (turn.kind === "waiting" || turn.kind === "stepped") requeueAfterMs = turn.requeueAfterMs;
    if (turn.kind === "awaitingStats") awaitingStats = turn.request;
    if (turn.kind === "promoted") champion = candidate;
    if (turn.kind === "rolledBack") rollbacks.push({ name: candidate.v.name, reason: turn.reason });
    if (turn.kind === "promoted" || turn.kind === "rolledBack") candidate = undefined;
  }
  let head = candidate ?? resolved.waiting;
  if (champion && !candidate) {
    head = startNextCandidate(slots, champion, ctx);
    if (head?.status.phase === "Progressing") candidate = head;
    if (candidate) requeueAfterMs = durationToMs(candidate.v.spec.rollout.interval);
  }
  queueTheRest(slots, champion, head, ctx);
  const weights = assignWeights(slots, champion, candidate);
  for (const slot of slots) stampGeneration(slot);
  return {
    statuses: new Map(slots.map((s) => [s.v.name, s.status])),
    weights,
    events: ctx.events,
    requeueAfterMs,
    awaitingStats,
    rollbacks,
  };
};

// A person editing a rolled-back or failed version asks for another rollout, like Flagger
// re-analysing a new revision. Superseded versions stay retired: re-create to roll back.
const reviveOnSpecChange = (slot: Slot): void => {
  const phase = slot.status.phase;
  if ((phase === "RolledBack" || phase === "Failed") && specChanged(slot)) {
    slot.status = { ...slot.status, phase: "Pending", trafficWeight: 0, analysis: {} };
  }
};

/**
 * The model's champion, or the version `waiting` for its pods to become one: until it has
 * an available replica the model stays out of the weights, so callers keep their fallback
 * (the chart's own ML Deployment) rather than sending every request to a Service with no
 * ready endpoint (for ever, if its artifact is refused). A candidate mid-analysis had
 * available pods when it started, so it takes over from a removed champion at once.
 */
const resolveChampion = (slots: Slot[], ctx: StepContext): { champion?: Slot; waiting?: Slot } => {
  const champions = slots.filter(isChampion).sort((a, b) => promotedAt(b).localeCompare(promotedAt(a)) || byAge(b, a));
  const [keep, ...extra] = champions;
  // Two champions happen only after a crash between the two status writes of a promotion.
  for (const old of extra) {
    setPhase(old, "Superseded", ctx.now, { message: `superseded by ${keep?.v.spec.version}`, trafficWeight: 0 });
    emit(ctx, old, "Normal", "Superseded", `${old.v.spec.version} superseded by ${keep?.v.spec.version}`);
  }
  if (keep) return { champion: keep };
  const eligible = slots.filter(isEligible);
  const next = eligible.find((s) => s.status.phase === "Progressing") ?? eligible[0];
  if (!next) return {};
  const first = slots.every((s) => s === next || isEligible(s)) && next.status.phase !== "Progressing";
  if (next.status.phase !== "Progressing" && next.v.available === false) {
    holdForAvailability(next, ctx);
    return { waiting: next };
  }
  const reason = first ? "FirstVersion" : "ChampionRemoved";
  const message = first ? "first version of the model: serves 100%" : "no champion left: serves 100%";
  setPhase(next, "Serving", ctx.now, { reason, message, trafficWeight: 100 });
  next.status.analysis = undefined;
  emit(ctx, next, "Normal", "Serving", `${next.v.spec.version} is the champion of ${next.v.spec.model} (${reason})`);
  return { champion: next };
};

const holdForAvailability = (slot: Slot, ctx: StepContext): void => {
  const message = "waiting for the inference Deployment to have an available replica";
  if (slot.status.phase !== "Pending")
    emit(ctx, slot, "Normal", "WaitingForAvailability", `${slot.v.spec.version}: ${message}`);
  setPhase(slot, "Pending", ctx.now, { reason: "WaitingForAvailability", message, trafficWeight: 0 });
  slot.status.analysis = undefined;
};

const promotedAt = (slot: Slot): string =>
  slot.status.conditions?.find((c) => c.type === "Promoted")?.lastTransitionTime ?? "";

const resolveCandidate = (slots: Slot[], champion: Slot, ctx: StepContext): Slot | undefined => {
  const [candidate] = slots.filter((s) => s !== champion && s.status.phase === "Progressing");
  if (candidate && specChanged(candidate)) {
    if (!validRollout(candidate, ctx)) return undefined;
    startAnalysis(candidate, ctx, "AnalysisRestarted", "spec changed mid-analysis: analysis restarted");
  }
  return candidate;
};

// The oldest waiting version starts, or holds the queue Pending until its Deployment is available.
const startNextCandidate = (slots: Slot[], champion: Slot, ctx: StepContext): Slot | undefined => {
  for (const slot of slots.filter((s) => s !== champion && isEligible(s))) {
    if (!validRollout(slot, ctx)) continue;
    if (slot.v.available === false) {
      holdForAvailability(slot, ctx);
      return slot;
    }
    startAnalysis(slot, ctx, "AnalysisStarted", `analysis started against ${champion.v.spec.version}`);
    return slot;
  }
  return undefined;
};

const startAnalysis = (slot: Slot, ctx: StepContext, reason: string, why: string): void => {
  const { stepWeight, interval } = slot.v.spec.rollout;
  const message = `${why}: ${stepWeight}% of traffic, next check in ${interval}`;
  setPhase(slot, "Progressing", ctx.now, { reason, message, trafficWeight: stepWeight });
  // lastCheckTime doubles as the analysis clock: the first check falls due one interval after the start.
  slot.status.analysis = { failedChecks: 0, startTime: iso(ctx.now), lastCheckTime: iso(ctx.now) };
  emit(ctx, slot, "Normal", reason, `${slot.v.spec.version}: ${message}`);
};

// The apiserver's CEL rules make these unreachable; the check keeps a hand-edited stored
// object from wedging the model's queue.
const validRollout = (slot: Slot, ctx: StepContext): boolean => {
  const { stepWeight, maxWeight, interval } = slot.v.spec.rollout;
  let problem = stepWeight > maxWeight ? `stepWeight ${stepWeight} exceeds maxWeight ${maxWeight}` : "";
  try {
    durationToMs(interval);
  } catch {
    problem = `invalid interval "${interval}"`;
  }
  if (!problem) return true;
  setPhase(slot, "Failed", ctx.now, { message: problem, trafficWeight: 0 });
  emit(ctx, slot, "Warning", "InvalidRollout", `${slot.v.spec.version}: ${problem}`);
  return false;
};

const queueTheRest = (slots: Slot[], champion: Slot | undefined, head: Slot | undefined, ctx: StepContext) => {
  for (const slot of slots) {
    if (slot === champion || slot === head || !isEligible(slot)) continue;
    const message = `waiting for ${head?.v.spec.version ?? "the current rollout"} to finish its rollout`;
    const wasQueued = slot.status.phase === "Queued";
    setPhase(slot, "Queued", ctx.now, { message, trafficWeight: 0 });
    slot.status.analysis = undefined;
    if (!wasQueued) emit(ctx, slot, "Normal", "Queued", `${slot.v.spec.version}: ${message}`);
  }
};

const assignWeights = (slots: Slot[], champion: Slot | undefined, candidate: Slot | undefined): VersionWeight[] => {
  const canary = candidate?.status.trafficWeight ?? 0;
  for (const slot of slots) if (slot !== champion && slot !== candidate) slot.status.trafficWeight = 0;
  if (!champion) return [];
  champion.status.trafficWeight = 100 - canary;
  const entry = (s: Slot, weight: number, isChamp: boolean): VersionWeight => ({
    version: s.v.spec.version,
    weight,
    service: s.v.name,
    champion: isChamp,
  });
  return [entry(champion, 100 - canary, true), ...(candidate ? [entry(candidate, canary, false)] : [])];
};

const stampGeneration = (slot: Slot): void => {
  const g = slot.v.generation;
  slot.status.observedGeneration = g;
  slot.status.conditions = slot.status.conditions?.map((c) =>
    c.observedGeneration === g ? c : { ...c, observedGeneration: g },
  );
  if (slot.status.analysis === undefined) delete slot.status.analysis;
};
