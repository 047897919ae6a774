import { z } from "zod";

/** A status condition, as in metav1.Condition. */
export const Condition = z.object({
  type: z.string().min(1),
  status: z.enum(["True", "False", "Unknown"]),
  /** CamelCase, machine-readable. */
  reason: z.string().min(1),
  message: z.string(),
  /** RFC 3339, seconds precision: when `status` last changed. */
  lastTransitionTime: z.string(),
  /** The `metadata.generation` the condition was computed from. */
  observedGeneration: z.number().int().optional(),
});
export type Condition = z.infer<typeof Condition>;

/** What a reconciler says about one condition; the transition time is computed. */
export type ConditionInput = Omit<Condition, "lastTransitionTime" | "message"> & { message?: string };

/** RFC 3339 without fractions, the precision metav1.Time keeps. */
export const rfc3339 = (at: Date | number): string => `${new Date(at).toISOString().slice(0, 19)}Z`;

/**
 * Returns a new list with `input` set: an existing condition of that type keeps its
 * `lastTransitionTime` unless its status changes; other conditions keep their order.
 */
export const setCondition = (
  conditions: readonly Condition[] | undefined,
  input: ConditionInput,
  now: Date | number,
): Condition[] => {
  const list = conditions ?? [];
  const existing = list.find((c) => c.type === input.type);
  const lastTransitionTime = existing && existing.status === input.status ? existing.lastTransitionTime : rfc3339(now);
  const next: Condition = { message: "", ...input, lastTransitionTime };
  if (next.observedGeneration === undefined) delete next.observedGeneration;
  return existing ? list.map((c) => (c.type === input.type ? next : c)) : [...list, next];
};

/** The condition of `type`, if present. */
export const getCondition = (conditions: readonly Condition[] | undefined, type: string): Condition | undefined =>
  conditions?.find((c) => c.type === type);

/** Whether the condition of `type` is present with status "True". */
export const isConditionTrue = (conditions: readonly Condition[] | undefined, type: string): boolean =>
  getCondition(conditions, type)?.status === "True";

/** Returns a new list without the condition of `type`. */
export const removeCondition = (conditions: readonly Condition[] | undefined, type: string): Condition[] =>
  (conditions ?? []).filter((c) => c.type !== type);
