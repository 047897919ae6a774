import { TRAFFIC_WEIGHTS_CONFIGMAP } from "@fincoach/contracts";
import { API_VERSION, MODEL_VERSION_KIND, SYNC_SCHEDULE_KIND } from "@fincoach/crds";
import type { KubernetesObject } from "@fincoach/kube";
import { type Controller, createController, generationChanged, isConflict } from "@fincoach/kube";
import { instrumentReconcile, type OperatorMetrics } from "./metrics.ts";
import { KeyedLock } from "./model-version/namespace-lock.ts";
import { reconcileModelVersion } from "./model-version/reconcile-model-version.ts";
import type { ReconcileDeps } from "./reconcile-deps.ts";
import { reconcileSyncSchedule } from "./sync-schedule/reconcile-sync-schedule.ts";

/** Controller tuning shared by both controllers. */
export type ControllerSettings = { workers: number; resyncMs: number; syncTimeoutMs: number };

/** The SyncSchedule and ModelVersion controllers over shared informers. */
export const createControllers = (
  deps: ReconcileDeps,
  metrics: OperatorMetrics,
  settings: ControllerSettings,
): Controller[] => {
  const { informers, logger, clock } = deps;
  const common = (name: string) => ({
    name,
    updatePredicate: generationChanged,
    workers: settings.workers,
    resyncPeriodMs: settings.resyncMs,
    syncTimeoutMs: settings.syncTimeoutMs,
    queue: { metrics: metrics.queue(name) },
    clock,
    // A 409 is the optimistic-concurrency check doing its job: retried, not worth a warning.
    onError: (request: { key: string }, error: unknown) =>
      logger[isConflict(error) ? "debug" : "warn"](
        { controller: name, key: request.key, err: error instanceof Error ? error.message : String(error) },
        "reconcile failed; retrying",
      ),
  });
  const lock = new KeyedLock();
  const syncSchedules = createController({
    ...common("syncschedule"),
    primary: informers.syncSchedules,
    owns: [informers.deployments, informers.hpas].map((informer) => ({
      informer,
      ownerKind: SYNC_SCHEDULE_KIND,
      ownerApiVersion: API_VERSION,
    })),
    // The handoff ConfigMap (controller ownerReference) and beat's status report (an
    // ownerReference beat sets) both map to their SyncSchedule.
    watches: [{ informer: informers.configMaps, map: (cm) => ownerKeysOfKind(cm, SYNC_SCHEDULE_KIND) }],
    reconcile: instrumentReconcile(metrics, "syncschedule", (request) => reconcileSyncSchedule(deps, request)),
  });
  const modelVersions = createController({
    ...common("modelversion"),
    primary: informers.modelVersions,
    owns: [informers.deployments, informers.services].map((informer) => ({
      informer,
      ownerKind: MODEL_VERSION_KIND,
      ownerApiVersion: API_VERSION,
    })),
    // A hand edit of the weights re-steps every model of the namespace (one key per model).
    watches: [{ informer: informers.configMaps, map: (cm) => modelKeysFor(deps, cm) }],
    reconcile: instrumentReconcile(metrics, "modelversion", (request) =>
      lock.run(request.namespace, () => reconcileModelVersion(deps, request)),
    ),
  });
  return [syncSchedules, modelVersions];
};

const ownerKeysOfKind = (obj: KubernetesObject, kind: string): string[] =>
  (obj.metadata?.ownerReferences ?? [])
    .filter((ref) => ref.kind === kind && ref.apiVersion.startsWith("fincoach.dev/"))
    .map((ref) => `${obj.metadata?.namespace}/${ref.name}`);

const modelKeysFor = (deps: ReconcileDeps, cm: KubernetesObject): string[] => {
  if (cm.metadata?.name !== TRAFFIC_WEIGHTS_CONFIGMAP) return [];
  const namespace = cm.metadata.namespace ?? "";
  const byModel = new Map<string, string>();
  for (const mv of deps.informers.modelVersions.list(namespace))
    byModel.set(mv.spec.model, `${namespace}/${mv.metadata.name}`);
  return [...byModel.values()];
};
