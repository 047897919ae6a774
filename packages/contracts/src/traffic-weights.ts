import { z } from "zod";
import { parseConfigMapJson, parseContract } from "./contract-error.ts";
import { ServiceName, Timestamp } from "./kube-names.ts";

/** Name of the ConfigMap, one per namespace, that the ML service routes by. */
export const TRAFFIC_WEIGHTS_CONFIGMAP = "fincoach-model-traffic";
/** The only data key of that ConfigMap. */
export const TRAFFIC_WEIGHTS_KEY = "weights.json";

/** One version's share of a model's traffic. */
export const VersionWeight = z.object({
  /** The ModelVersion's `spec.version` (e.g. `v2`). */
  version: z.string().min(1).max(63),
  /** Percentage of users (0-100) routed to this version. */
  weight: z.int().min(0).max(100),
  /** The version's inference Service in the same namespace. */
  service: ServiceName,
  /** The version that owns the remaining traffic; at most one per model. */
  champion: z.boolean(),
});
export type VersionWeight = z.infer<typeof VersionWeight>;

/** All versions of one model. Weights sum to 100 when any version serves, else 0. */
export const ModelWeights = z
  .object({ versions: z.array(VersionWeight) })
  .refine((m) => [0, 100].includes(m.versions.reduce((s, v) => s + v.weight, 0)), {
    message: "weights must sum to 100 (or all be 0 when no version serves)",
    path: ["versions"],
  })
  .refine((m) => m.versions.filter((v) => v.champion).length <= 1, {
    message: "at most one champion per model",
    path: ["versions"],
  })
  .refine((m) => new Set(m.versions.map((v) => v.version)).size === m.versions.length, {
    message: "versions must be unique",
    path: ["versions"],
  });
export type ModelWeights = z.infer<typeof ModelWeights>;

/** The document under `weights.json`: every model of the namespace, by model name. */
export const TrafficWeights = z.object({
  models: z.record(z.string().min(1).max(63), ModelWeights),
  /** When the operator last changed a weight (not touched by no-op reconciles). */
  updatedAt: Timestamp,
});
export type TrafficWeights = z.infer<typeof TrafficWeights>;

/** Reads the ConfigMap's `data`; throws a ContractError naming each bad field. */
export const parseTrafficWeights = (data: Record<string, string> | undefined): TrafficWeights =>
  parseConfigMapJson("traffic-weights", TrafficWeights, data, TRAFFIC_WEIGHTS_KEY);

/**
 * Validates and renders the ConfigMap `data`. Models and versions are sorted (champion
 * first, then by version) so the same weights always render the same bytes and a
 * server-side apply of unchanged weights is a no-op.
 */
export const renderTrafficWeights = (value: TrafficWeights): Record<string, string> => {
  const valid = parseContract("traffic-weights", TrafficWeights, value);
  const models = Object.fromEntries(
    Object.keys(valid.models)
      .sort()
      .map((m) => [m, { versions: sortVersions(valid.models[m]!.versions) }]),
  );
  return { [TRAFFIC_WEIGHTS_KEY]: `${JSON.stringify({ models, updatedAt: valid.updatedAt }, null, 2)}\n` };
};

/** Champion first, then by version name: the order buckets are laid out in (see pickVersion). */
export const sortVersions = (versions: readonly VersionWeight[]): VersionWeight[] =>
  [...versions].sort(
    (a, b) => Number(b.champion) - Number(a.champion) || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0),
  );

/** True when both documents route identically (ignores `updatedAt` and version order). */
export const sameTrafficWeights = (a: TrafficWeights, b: TrafficWeights): boolean => {
  const key = (w: TrafficWeights) =>
    JSON.stringify(
      Object.keys(w.models)
        .sort()
        .map((m) => [m, sortVersions(w.models[m]!.versions)]),
    );
  return key(a) === key(b);
};
