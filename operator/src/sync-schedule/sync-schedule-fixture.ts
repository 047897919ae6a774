import { API_VERSION, type SyncSchedule, SyncScheduleSpec, type SyncScheduleSpecInput } from "@fincoach/crds";

/** A SyncSchedule as the apiserver returns it (defaults applied), for unit tests. */
export const syncSchedule = (spec: Partial<SyncScheduleSpecInput> = {}, meta: Partial<SyncSchedule["metadata"]> = {}) =>
  ({
    apiVersion: API_VERSION,
    kind: "SyncSchedule",
    metadata: {
      name: "nightly",
      namespace: "team-a",
      uid: "uid-1",
      generation: 1,
      creationTimestamp: new Date("2025-01-01T00:00:00Z"),
      ...meta,
    },
    spec: SyncScheduleSpec.parse({ schedule: "0 2 * * *", workers: { image: "ghcr.io/fincoach/worker:1" }, ...spec }),
  }) satisfies SyncSchedule;
