import {
  API_VERSION,
  MODEL_VERSION_PLURAL,
  type ModelVersion,
  SYNC_SCHEDULE_PLURAL,
  type SyncSchedule,
} from "@fincoach/crds";
import { type Clock, ResilientInformer } from "@fincoach/kube";
import type {
  KubeConfig,
  KubernetesObject,
  V1ConfigMap,
  V1Deployment,
  V1Service,
  V2HorizontalPodAutoscaler,
} from "@kubernetes/client-node";
import { FIELD_MANAGER } from "./labels.ts";

/** The caches the reconcilers read from. */
export type OperatorInformers = {
  syncSchedules: ResilientInformer<SyncSchedule>;
  modelVersions: ResilientInformer<ModelVersion>;
  deployments: ResilientInformer<V1Deployment>;
  hpas: ResilientInformer<V2HorizontalPodAutoscaler>;
  services: ResilientInformer<V1Service>;
  configMaps: ResilientInformer<V1ConfigMap>;
};

// Children are watched through their labels only, so the cache holds what the operator
// made (and beat's status ConfigMaps), not every Deployment of the cluster.
const MANAGED = `app.kubernetes.io/managed-by=${FIELD_MANAGER}`;

/** Creates (does not start) every informer the operator uses, in one namespace or all. */
export const createInformers = (options: {
  kubeConfig: KubeConfig;
  namespace?: string | undefined;
  clock?: Clock;
  onError?: (resource: string, error: unknown, restartInMs?: number) => void;
}): OperatorInformers => {
  const make = <T extends KubernetesObject>(apiVersion: string, plural: string, labelSelector?: string) =>
    new ResilientInformer<T>({
      kubeConfig: options.kubeConfig,
      apiVersion,
      plural,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      onError: (error, restartInMs) => options.onError?.(plural, error, restartInMs),
    });
  return {
    syncSchedules: make<SyncSchedule>(API_VERSION, SYNC_SCHEDULE_PLURAL),
    modelVersions: make<ModelVersion>(API_VERSION, MODEL_VERSION_PLURAL),
    deployments: make<V1Deployment>("apps/v1", "deployments", MANAGED),
    hpas: make<V2HorizontalPodAutoscaler>("autoscaling/v2", "horizontalpodautoscalers", MANAGED),
    services: make<V1Service>("v1", "services", MANAGED),
    configMaps: make<V1ConfigMap>("v1", "configmaps", "app.kubernetes.io/part-of=fincoach"),
  };
};

/** All informers as a list, for start/stop/readiness. */
export const allInformers = (i: OperatorInformers): ResilientInformer<KubernetesObject>[] =>
  Object.values(i) as ResilientInformer<KubernetesObject>[];
