import {
  ContractError,
  parseTrafficWeights,
  TRAFFIC_WEIGHTS_CONFIGMAP,
  type TrafficWeights,
  type VersionWeight,
} from "@fincoach/contracts";
import type { ModelVersion } from "@fincoach/crds";
import type { V1ConfigMap } from "@fincoach/kube";
import { rfc3339 } from "@fincoach/kube";
import { TRAFFIC_FINALIZER } from "../labels.ts";
import type { ReconcileDeps } from "../reconcile-deps.ts";
import { nextTrafficWeights, trafficWeightsConfigMap } from "./traffic-weights-configmap.ts";

/** Whether the operator's finalizer is on the version. */
export const hasFinalizer = (mv: ModelVersion): boolean => mv.metadata.finalizers?.includes(TRAFFIC_FINALIZER) ?? false;

/** Adds the finalizer; returns the object as written (its new resourceVersion matters for the status write). */
export const addFinalizer = (deps: ReconcileDeps, mv: ModelVersion): Promise<ModelVersion> =>
  deps.client.setFinalizers(mv, [...(mv.metadata.finalizers ?? []), TRAFFIC_FINALIZER]);

/** Drops the finalizer: the version is out of the weights, so deletion may proceed. */
export const removeFinalizer = (deps: ReconcileDeps, mv: ModelVersion): Promise<ModelVersion> =>
  deps.client.setFinalizers(
    mv,
    (mv.metadata.finalizers ?? []).filter((f) => f !== TRAFFIC_FINALIZER),
  );

/**
 * Read-modify-write of the namespace's traffic-weights ConfigMap: a live read, this model's
 * entry replaced, an apply guarded by the read resourceVersion. Writes only when routing or
 * the owner list changes. A hand-broken document is replaced, with a warning.
 */
export const writeTrafficWeights = async (
  deps: ReconcileDeps,
  namespace: string,
  model: string,
  weights: VersionWeight[],
  owners: readonly ModelVersion[],
): Promise<void> => {
  const ref = { kind: "ConfigMap", apiVersion: "v1", namespace, name: TRAFFIC_WEIGHTS_CONFIGMAP } as const;
  const cm = await deps.client.get<V1ConfigMap>(ref);
  let current: TrafficWeights | undefined;
  try {
    current = cm ? parseTrafficWeights(cm.data) : undefined;
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    deps.logger.warn({ namespace, err: error.message }, "traffic weights unreadable: rewriting");
  }
  const now = new Date(deps.clock.now());
  const changed = nextTrafficWeights(current, model, weights, now);
  const ownersNow = new Set(owners.map((o) => o.metadata.uid ?? ""));
  const ownersBefore = new Set((cm?.metadata?.ownerReferences ?? []).map((o) => o.uid));
  const sameOwners = ownersNow.size === ownersBefore.size && [...ownersNow].every((u) => ownersBefore.has(u));
  if (!changed && sameOwners && current) return;
  const doc = changed ?? current ?? { models: {}, updatedAt: rfc3339(now) };
  await deps.client.applyAt(trafficWeightsConfigMap(namespace, doc, owners), cm?.metadata?.resourceVersion);
};
