import type { Clock, EventInput, KubernetesObject } from "@fincoach/kube";
import type { Logger } from "@fincoach/logging";
import type { OperatorInformers } from "./informers.ts";
import type { OperatorClient } from "./kube/operator-client.ts";
import type { WrittenStatuses } from "./kube/written-statuses.ts";
import type { ModelVersionContext } from "./model-version/desired-model-version-children.ts";
import type { StatsSource } from "./stats/stats-source.ts";
import type { SyncScheduleContext } from "./sync-schedule/desired-sync-schedule-children.ts";

/** Where reconcilers record Events (the kube EventRecorder; a list in tests). */
export type EventSink = { record(regarding: KubernetesObject, event: EventInput): Promise<void> };

/** Everything a reconcile reads from or writes to, injected. */
export type ReconcileDeps = {
  client: OperatorClient;
  informers: OperatorInformers;
  recorder: EventSink;
  clock: Clock;
  logger: Logger;
  statsSource: StatsSource;
  /**
   * Told once per ModelVersion moved to RolledBack, after its status is written (the
   * operator counts it in `fincoach_operator_rollbacks_total`).
   */
  rolledBack?: ((namespace: string, modelVersion: string, reason: string) => void) | undefined;
  /** Statuses this replica wrote, so a lagging cache does not cause rewrites. */
  written: WrittenStatuses;
  config: {
    syncSchedule: SyncScheduleContext;
    modelVersion: ModelVersionContext;
    /** Start a candidate's analysis only once its Deployment has an available replica. */
    requireAvailable: boolean;
  };
};
