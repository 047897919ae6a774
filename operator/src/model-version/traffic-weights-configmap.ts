import {
  renderTrafficWeights,
  sameTrafficWeights,
  TRAFFIC_WEIGHTS_CONFIGMAP,
  type TrafficWeights,
  type VersionWeight,
} from "@fincoach/contracts";
import { API_VERSION, MODEL_VERSION_KIND, type ModelVersion } from "@fincoach/crds";
import type { V1ConfigMap } from "@fincoach/kube";
import { ownerReference, rfc3339 } from "@fincoach/kube";
import { commonLabels } from "../labels.ts";

/**
 * The namespace's weights document with `model`'s entry replaced (dropped when nothing
 * serves), or undefined when routing would not change, so an unchanged reconcile writes
 * nothing and `updatedAt` only moves with a weight.
 */
export const nextTrafficWeights = (
  current: TrafficWeights | undefined,
  model: string,
  weights: VersionWeight[],
  now: Date,
): TrafficWeights | undefined => {
  const models = { ...(current?.models ?? {}) };
  if (weights.length > 0) models[model] = { versions: weights };
  else delete models[model];
  const next = { models, updatedAt: rfc3339(now) };
  return current && sameTrafficWeights(current, next) ? undefined : next;
};

/**
 * The traffic-weights ConfigMap the ML service routes by. It serves every model of the
 * namespace, so every live ModelVersion there is an owner (none the controller). A version
 * being deleted is dropped from the owners in the same write that drops its weights, so
 * after the last version the ConfigMap stays with no owners and an empty document
 * (`{"models":{}}`: route nothing), which the ML service reads like any other; it goes
 * with the namespace.
 */
export const trafficWeightsConfigMap = (
  namespace: string,
  doc: TrafficWeights,
  owners: readonly ModelVersion[],
): V1ConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: TRAFFIC_WEIGHTS_CONFIGMAP,
    namespace,
    labels: commonLabels("model-traffic", TRAFFIC_WEIGHTS_CONFIGMAP),
    ownerReferences: [...new Map(owners.map((mv) => [mv.metadata.uid, mv])).values()]
      .sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""))
      .map((mv) =>
        ownerReference(
          { apiVersion: API_VERSION, kind: MODEL_VERSION_KIND, metadata: mv.metadata },
          { controller: false, blockOwnerDeletion: false },
        ),
      ),
  },
  data: renderTrafficWeights(doc),
});
