import {
  parseScheduleHandoff,
  SCHEDULE_HANDOFF_KEY,
  SCHEDULE_HANDOFF_SELECTOR,
  type ScheduleHandoff,
} from "@fincoach/contracts";
import { type KubeConnection, ResilientInformer, type V1ConfigMap } from "@fincoach/kube";
import type { Logger } from "@fincoach/logging";
import { safeError } from "@fincoach/logging";
import { type ScheduleRegistry, scheduleKey } from "./schedule-registry.ts";

/**
 * Keeps `registry` equal to the operator's handoff ConfigMaps (label
 * `fincoach.dev/handoff=sync-schedule`): added, changed and deleted ones, through a
 * list+watch that restarts itself. A handoff that fails its contract is logged and its
 * schedule stops (the operator validated it, so this means a version skew): running a
 * half-understood schedule could sync the wrong people.
 */
export const watchScheduleHandoffs = (options: {
  connection: KubeConnection;
  registry: ScheduleRegistry;
  logger: Logger;
  /** Watch one namespace only (default: all). */
  namespace?: string | undefined;
}): ResilientInformer<V1ConfigMap> => {
  const { registry, logger } = options;
  const keyOf = (cm: V1ConfigMap) => `${cm.metadata?.namespace}/${cm.metadata?.name}`;
  // ConfigMap key -> schedule key: a delete event carries the ConfigMap, not the schedule.
  const scheduleOf = new Map<string, string>();
  const put = (cm: V1ConfigMap) => {
    let handoff: ScheduleHandoff;
    try {
      handoff = parseScheduleHandoff(cm.data);
    } catch (error) {
      logger.error(
        { configMap: keyOf(cm), key: SCHEDULE_HANDOFF_KEY, err: safeError(error) },
        "invalid schedule handoff",
      );
      drop(cm);
      return;
    }
    const previous = scheduleOf.get(keyOf(cm));
    if (previous && previous !== scheduleKey(handoff)) registry.remove(previous);
    scheduleOf.set(keyOf(cm), scheduleKey(handoff));
    registry.put(handoff);
  };
  const drop = (cm: V1ConfigMap) => {
    const key = scheduleOf.get(keyOf(cm));
    scheduleOf.delete(keyOf(cm));
    if (key) registry.remove(key);
  };
  const informer = new ResilientInformer<V1ConfigMap>({
    connection: options.connection,
    apiVersion: "v1",
    plural: "configmaps",
    labelSelector: SCHEDULE_HANDOFF_SELECTOR,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    onError: (error, restartInMs) =>
      logger.warn({ err: safeError(error), restartInMs }, "handoff watch failed; restarting"),
  });
  informer.onAdd(put);
  informer.onUpdate((cm) => put(cm));
  informer.onDelete(drop);
  return informer;
};
