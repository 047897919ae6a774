import { HANDOFF_LABEL, SCHEDULE_HANDOFF_LABELS } from "@fincoach/contracts";
import {
  API_VERSION,
  MODEL_VERSION_PLURAL,
  type ModelVersion,
  SYNC_SCHEDULE_PLURAL,
  type SyncSchedule,
} from "@fincoach/crds";
import type { V1ConfigMap, V1Deployment, V1Service, V2HorizontalPodAutoscaler } from "@fincoach/kube";
import {
  type CachedChild,
  type CacheTransform,
  type Clock,
  type KubeConnection,
  type KubernetesObject,
  ownedChild,
  ResilientInformer,
  StringInterner,
  stripManagedFields,
} from "@fincoach/kube";
import { FIELD_MANAGER } from "./labels.ts";

/**
 * The caches the reconcilers read from. Memory grows with them (four objects per
 * SyncSchedule), so they hold only what is read: no object keeps its managedFields; owned
 * children keep only their identity and ownerReferences (the owner mapping; no labels,
 * annotations or timestamps), a Deployment its status (the availability gate) and beat's
 * reports and the weights their data, not their specs, which the operator always writes
 * whole by apply;
 * and equal short strings are shared between cached objects (bench/README.md has figures).
 */
export type OperatorInformers = {
  syncSchedules: ResilientInformer<SyncSchedule>;
  modelVersions: ResilientInformer<ModelVersion>;
  deployments: ResilientInformer<CachedDeployment>;
  hpas: ResilientInformer<CachedChild<V2HorizontalPodAutoscaler>>;
  services: ResilientInformer<CachedChild<V1Service>>;
  /** Beat's reports and the traffic weights with their data; the operator's own handoffs without. */
  configMaps: ResilientInformer<CachedConfigMap>;
};

/** A cached Deployment: who it is and who owns it, and its status (the availability gate). */
export type CachedDeployment = CachedChild<V1Deployment, "status">;
/** A cached ConfigMap: who it is and who owns it, and (but for handoffs) its data. */
export type CachedConfigMap = CachedChild<V1ConfigMap, "data">;

// Children are watched through their labels only, so the cache holds what the operator
// made (and beat's status ConfigMaps), not every Deployment of the cluster.
const MANAGED = `app.kubernetes.io/managed-by=${FIELD_MANAGER}`;

// The handoff the operator writes for beat is never read back; beat's report and the
// traffic weights are.
const handoff = ownedChild<V1ConfigMap>();
const withData = ownedChild<V1ConfigMap, "data">("data");
const slimConfigMap: CacheTransform<CachedConfigMap, V1ConfigMap> = (cm) =>
  // Only the operator's own handoffs lose `data`; beat's status reports carry the same label
  // key (value "sync-status") and are read back into SyncSchedule status.
  cm.metadata?.labels?.[HANDOFF_LABEL] === SCHEDULE_HANDOFF_LABELS[HANDOFF_LABEL] ? handoff(cm) : withData(cm);

const UNIQUE_VALUED_KEYS = [
  "resourceVersion",
  "creationTimestamp",
  "deletionTimestamp",
  "lastTransitionTime",
  "lastScheduleTime",
  "lastSuccessfulTime",
  "nextScheduleTime",
  "lastCheckTime",
  "startTime",
];

/** Creates (does not start) every informer the operator uses, in one namespace or all. */
export const createInformers = (options: {
  connection: KubeConnection;
  namespace?: string | undefined;
  clock?: Clock;
  onError?: (resource: string, error: unknown, restartInMs?: number) => void;
}): OperatorInformers => {
  // One table for all caches: a schedule's name, uid and labels recur in its children.
  // Times never recur: skipping them keeps the table for values that do.
  const interner = new StringInterner({ maxEntries: 20_000, skipKeys: UNIQUE_VALUED_KEYS });
  const make = <T extends KubernetesObject>(
    apiVersion: string,
    plural: string,
    // biome-ignore lint/suspicious/noExplicitAny: the apiserver's JSON, whatever the kind's full type
    transform: CacheTransform<T, any>,
    labelSelector?: string,
  ) =>
    new ResilientInformer<T>({
      connection: options.connection,
      apiVersion,
      plural,
      transform: interner.transform(transform),
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      onError: (error, restartInMs) => options.onError?.(plural, error, restartInMs),
    });
  return {
    syncSchedules: make<SyncSchedule>(API_VERSION, SYNC_SCHEDULE_PLURAL, stripManagedFields),
    modelVersions: make<ModelVersion>(API_VERSION, MODEL_VERSION_PLURAL, stripManagedFields),
    deployments: make("apps/v1", "deployments", ownedChild<V1Deployment, "status">("status"), MANAGED),
    hpas: make("autoscaling/v2", "horizontalpodautoscalers", ownedChild<V2HorizontalPodAutoscaler>(), MANAGED),
    services: make("v1", "services", ownedChild<V1Service>(), MANAGED),
    configMaps: make("v1", "configmaps", slimConfigMap, "app.kubernetes.io/part-of=fincoach"),
  };
};

/** All informers as a list, for start/stop/readiness. */
export const allInformers = (i: OperatorInformers): ResilientInformer<KubernetesObject>[] =>
  Object.values(i) as ResilientInformer<KubernetesObject>[];
