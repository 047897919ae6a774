import { isDeepStrictEqual } from "node:util";
import {
  ContractError,
  parseScheduleStatus,
  type ScheduleStatusReport,
  scheduleStatusConfigMapName,
} from "@fincoach/contracts";
import type { SyncSchedule } from "@fincoach/crds";
import type { ReconcileRequest, ReconcileResult } from "@fincoach/kube";
import type { ReconcileDeps } from "../reconcile-deps.ts";
import { desiredSyncScheduleChildren } from "./desired-sync-schedule-children.ts";
import { type ObservedSchedule, syncScheduleStatus } from "./sync-schedule-status.ts";

/**
 * Reconciles one SyncSchedule from the caches: apply the worker Deployment, its HPA and
 * the handoff ConfigMap (only when the schedule parses), read beat's report back, write
 * the status when it changed, record Events on transitions, and come back at the next
 * tick so nextScheduleTime moves on. A deleted SyncSchedule needs nothing: its children
 * carry ownerReferences and go with it.
 */
export const reconcileSyncSchedule = async (
  deps: ReconcileDeps,
  request: ReconcileRequest,
): Promise<ReconcileResult> => {
  const ss = deps.informers.syncSchedules.get(request.name, request.namespace);
  if (!ss || ss.metadata.deletionTimestamp) return {};
  const now = new Date(deps.clock.now());
  const result = syncScheduleStatus(ss, observe(deps, ss), now);
  if (result.valid) {
    const children = desiredSyncScheduleChildren(ss, deps.config.syncSchedule);
    await Promise.all([children.deployment, children.hpa, children.handoff].map((child) => deps.client.apply(child)));
  }
  const desired = normalize(result.status);
  const uid = ss.metadata.uid ?? "";
  if (!isDeepStrictEqual(normalize(ss.status), desired) && !deps.written.isLastWritten(uid, desired)) {
    await deps.client.applyStatus(
      ss as SyncSchedule & { metadata: { name: string; namespace: string; resourceVersion: string } },
      result.status,
    );
    deps.written.remember(uid, desired);
  }
  for (const event of result.events) {
    await deps.recorder.record(ss, { ...event, action: "Reconcile" });
  }
  return result.requeueAfterMs === undefined ? {} : { requeueAfterMs: result.requeueAfterMs };
};

const observe = (deps: ReconcileDeps, ss: SyncSchedule): ObservedSchedule => {
  const name = scheduleStatusConfigMapName(ss.metadata.name ?? "");
  const cm = deps.informers.configMaps.get(name, ss.metadata.namespace);
  if (!cm) return {};
  try {
    const report: ScheduleStatusReport = parseScheduleStatus(cm.data);
    return { report };
  } catch (error) {
    if (error instanceof ContractError) return { reportProblem: error.message };
    throw error;
  }
};

// The cache holds JSON; drop undefined keys so a computed status compares equal to it.
const normalize = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
