import {
  renderScheduleStatus,
  SCHEDULE_STATUS_LABELS,
  type ScheduleHandoff,
  type ScheduleStatusReport,
  scheduleStatusConfigMapName,
} from "@fincoach/contracts";
import { API_VERSION } from "@fincoach/crds";
import { type KubeObjectApi, serverSideApply, type V1ConfigMap } from "@fincoach/kube";

/** Field manager of beat's writes (the status ConfigMap is beat's alone). */
export const BEAT_FIELD_MANAGER = "fincoach-beat";

/** The status ConfigMap of `schedule` holding `report`, owned by its SyncSchedule so it goes with it. */
export const statusConfigMap = (schedule: ScheduleHandoff, report: ScheduleStatusReport): V1ConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: scheduleStatusConfigMapName(schedule.name),
    namespace: schedule.namespace,
    labels: { ...SCHEDULE_STATUS_LABELS },
    ownerReferences: [
      // Not blockOwnerDeletion: that needs update rights on SyncSchedules' finalizers, and
      // nothing waits on a status report.
      { apiVersion: API_VERSION, kind: "SyncSchedule", name: schedule.name, uid: schedule.uid, controller: false },
    ],
  },
  data: renderScheduleStatus(report),
});

/** Writes the report (server-side apply: creates or updates, no read first). */
export const writeStatusConfigMap = async (
  api: KubeObjectApi,
  schedule: ScheduleHandoff,
  report: ScheduleStatusReport,
): Promise<void> => {
  await serverSideApply(api, statusConfigMap(schedule, report), { fieldManager: BEAT_FIELD_MANAGER });
};

/**
 * A status writer that skips a write when nothing but `updatedAt` changed and the last write
 * is younger than `refreshMs`: every write wakes the operator's watch, and beat looks at its
 * schedules every few seconds.
 */
export const createStatusWriter = (api: KubeObjectApi, { refreshMs = 60_000 }: { refreshMs?: number } = {}) => {
  const last = new Map<string, { content: string; at: number }>();
  return async (schedule: ScheduleHandoff, report: ScheduleStatusReport): Promise<void> => {
    const key = `${schedule.namespace}/${schedule.name}`;
    const { updatedAt: _u, ...rest } = report;
    const content = JSON.stringify(rest);
    const previous = last.get(key);
    if (previous && previous.content === content && Date.now() - previous.at < refreshMs) return;
    await writeStatusConfigMap(api, schedule, report);
    last.set(key, { content, at: Date.now() });
  };
};
