import { z } from "zod";

/** One `matchExpressions` entry, with Kubernetes' label-selector semantics. */
export const SelectorRequirement = z
  .object({
    key: z.string().min(1).max(317),
    operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
    values: z.array(z.string().max(63)).optional(),
  })
  .refine((r) => (r.operator === "In" || r.operator === "NotIn" ? (r.values?.length ?? 0) > 0 : !r.values?.length), {
    message: "values must be non-empty for In and NotIn and empty for Exists and DoesNotExist",
    path: ["values"],
  });
export type SelectorRequirement = z.infer<typeof SelectorRequirement>;

/**
 * A metav1.LabelSelector: `matchLabels` and `matchExpressions` are ANDed; an empty
 * selector matches everything. A SyncSchedule's `userSelector` uses it against the labels
 * beat derives for each user (see docs/operator-contracts.md).
 */
export const LabelSelector = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(SelectorRequirement).optional(),
});
export type LabelSelector = z.infer<typeof LabelSelector>;

/** Whether `labels` satisfy `selector`, exactly as the apiserver evaluates a label selector. */
export const matchesLabelSelector = (selector: LabelSelector, labels: Record<string, string>): boolean => {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return byLabels && (selector.matchExpressions ?? []).every((r) => matchesRequirement(r, labels));
};

const matchesRequirement = (r: SelectorRequirement, labels: Record<string, string>): boolean => {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case "In":
      return has && (r.values ?? []).includes(labels[r.key]!);
    case "NotIn":
      return !has || !(r.values ?? []).includes(labels[r.key]!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
  }
};
