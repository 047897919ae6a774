import { SelectorRequirement, LabelSelector as SelectorShape } from "@fincoach/contracts";
import { z } from "zod";
import { withCel } from "./cel.ts";

const QUANTITY =
  /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

/** A resource.Quantity (`500m`, `256Mi`, `2`): int-or-string, like core/v1's. */
export const Quantity = z
  .union([z.int(), z.string().regex(QUANTITY, "must be a Kubernetes quantity such as 500m or 256Mi")])
  .meta({ "x-kubernetes-int-or-string": true });
export type Quantity = z.infer<typeof Quantity>;

/** Container resources: the same shape as core/v1 ResourceRequirements (requests, limits). */
export const ResourceRequirements = z
  .object({
    requests: z.record(z.string(), Quantity).optional().describe("Minimum resources, e.g. {cpu: 100m, memory: 128Mi}."),
    limits: z.record(z.string(), Quantity).optional().describe("Maximum resources, e.g. {cpu: '1', memory: 512Mi}."),
  })
  .describe("Container resources (core/v1 ResourceRequirements: requests and limits).");
export type ResourceRequirements = z.infer<typeof ResourceRequirements>;

/** metav1.LabelSelector with the apiserver checking In/NotIn carry values and Exists/DoesNotExist none. */
export const LabelSelector = SelectorShape.extend({
  matchExpressions: z
    .array(
      withCel(SelectorRequirement, [
        {
          rule: "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0 : !has(self.values) || size(self.values) == 0",
          message: "values must be non-empty for In and NotIn and empty for Exists and DoesNotExist",
          fieldPath: ".values",
        },
      ]),
    )
    .max(20)
    .optional()
    .describe("Requirements (key, operator In/NotIn/Exists/DoesNotExist, values), ANDed."),
  matchLabels: z
    .record(z.string().max(317), z.string().max(63))
    .optional()
    .describe("Labels a user must have, all of them (ANDed with matchExpressions)."),
});
export type LabelSelector = z.infer<typeof LabelSelector>;

/** metav1.Condition: the truth about a resource; `phase` is only a summary of these. */
export const Condition = z.object({
  type: z
    .string()
    .max(316)
    .regex(
      /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/,
    )
    .describe("Condition type in CamelCase, e.g. Ready."),
  status: z.enum(["True", "False", "Unknown"]),
  observedGeneration: z.int().min(0).optional().describe("The metadata.generation the condition was computed from."),
  lastTransitionTime: z.iso.datetime({ offset: true }).describe("When status last changed."),
  reason: z
    .string()
    .min(1)
    .max(1024)
    .regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/)
    .describe("CamelCase, machine-readable reason for the last transition."),
  message: z.string().max(32768).describe("Human-readable details."),
});
export type Condition = z.infer<typeof Condition>;

/** A list of Conditions keyed by type (server-side apply merges by type). */
export const Conditions = z
  .array(Condition)
  .max(16)
  .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"] })
  .describe("Current state, one entry per condition type (metav1.Condition).");

/** The part of metadata a zod parse of an example or a manifest looks at; the rest passes through. */
export const ObjectMetaShape = z.looseObject({
  name: z.string().min(1).max(253),
  namespace: z.string().max(63).optional(),
});
