import { type ModelVersionPhase, type ModelVersionStatus, ModelVersionConditionType as T } from "@fincoach/crds";
import { setCondition } from "@fincoach/kube";
import type { RolloutEvent, RolloutVersion } from "./rollout-types.ts";

/** A version being stepped: its input and the status it will get. */
export type Slot = { v: RolloutVersion; status: ModelVersionStatus };

/** Accumulates what one step produces besides statuses. */
export type StepContext = { now: Date; events: RolloutEvent[] };

type Cond = readonly ["True" | "False", string];
type PhaseConditions = { ready: Cond; progressing: Cond; promoted: Cond };

// The conditions each phase implies; `reason` overrides the reason of the condition that
// tells the transition (Progressing while analysing, Promoted for a champion, Ready otherwise).
const PHASES: Record<ModelVersionPhase, PhaseConditions> = {
  Pending: { ready: ["False", "Pending"], progressing: ["False", "Pending"], promoted: ["False", "Pending"] },
  Queued: { ready: ["True", "Queued"], progressing: ["False", "Queued"], promoted: ["False", "Queued"] },
  Progressing: {
    ready: ["True", "Canary"],
    progressing: ["True", "AnalysisStarted"],
    promoted: ["False", "Analyzing"],
  },
  Serving: { ready: ["True", "Serving"], progressing: ["False", "Complete"], promoted: ["True", "FirstVersion"] },
  Promoted: {
    ready: ["True", "Serving"],
    progressing: ["False", "Succeeded"],
    promoted: ["True", "AnalysisSucceeded"],
  },
  Superseded: {
    ready: ["True", "Superseded"],
    progressing: ["False", "Superseded"],
    promoted: ["False", "Superseded"],
  },
  RolledBack: {
    ready: ["False", "RolledBack"],
    progressing: ["False", "RolledBack"],
    promoted: ["False", "RolledBack"],
  },
  Failed: {
    ready: ["False", "InvalidRollout"],
    progressing: ["False", "InvalidRollout"],
    promoted: ["False", "InvalidRollout"],
  },
};

const TELLS: Record<ModelVersionPhase, keyof PhaseConditions> = {
  Pending: "ready",
  Queued: "progressing",
  Progressing: "progressing",
  Serving: "promoted",
  Promoted: "promoted",
  Superseded: "promoted",
  RolledBack: "ready",
  Failed: "ready",
};

/**
 * Moves a slot to `phase` and sets Ready, Progressing and Promoted to match. Conditions
 * whose status does not change keep their lastTransitionTime (setCondition), so a step
 * that repeats itself changes nothing.
 */
export const setPhase = (
  slot: Slot,
  phase: ModelVersionPhase,
  now: Date,
  detail: { message: string; reason?: string; trafficWeight?: number },
): void => {
  const table = PHASES[phase];
  const observedGeneration = slot.v.generation;
  let conditions = slot.status.conditions;
  for (const key of ["ready", "progressing", "promoted"] as const) {
    const [status, defaultReason] = table[key];
    const tells = TELLS[phase] === key;
    const reason = tells && detail.reason ? detail.reason : defaultReason;
    const message = tells ? detail.message : "";
    conditions = setCondition(conditions, { type: TYPE[key], status, reason, message, observedGeneration }, now);
  }
  slot.status = { ...slot.status, phase, conditions };
  if (detail.trafficWeight !== undefined) slot.status.trafficWeight = detail.trafficWeight;
};

const TYPE = { ready: T.Ready, progressing: T.Progressing, promoted: T.Promoted } as const;

/** Adds an event about a slot. */
export const emit = (ctx: StepContext, slot: Slot, type: RolloutEvent["type"], reason: string, note: string): void => {
  ctx.events.push({ name: slot.v.name, type, reason, note });
};

/** The model's champion phases: it owns the traffic candidates do not take. */
export const isChampion = (slot: Slot): boolean => slot.status.phase === "Serving" || slot.status.phase === "Promoted";

/** Versions that may still take part in a rollout (new, queued or mid-analysis). */
export const isEligible = (slot: Slot): boolean =>
  slot.status.phase === undefined ||
  slot.status.phase === "Pending" ||
  slot.status.phase === "Queued" ||
  slot.status.phase === "Progressing";

/** Whether the spec changed since the status was written (a new generation). */
export const specChanged = (slot: Slot): boolean =>
  slot.status.observedGeneration !== undefined && slot.status.observedGeneration !== slot.v.generation;

/** Oldest first (creation time, then name): the order of "first version" and of the candidate queue. */
export const byAge = (a: Slot, b: Slot): number =>
  a.v.creationTimestamp.localeCompare(b.v.creationTimestamp) || a.v.name.localeCompare(b.v.name);
