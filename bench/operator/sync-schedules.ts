import { API_VERSION, SYNC_SCHEDULE_KIND, type SyncSchedule } from "@fincoach/crds";
import { type KubeObjectApi, serverSideApply, statusCodeOf } from "@fincoach/kube";

/** The field manager of the load generator's applies. */
export const BENCH_MANAGER = "fincoach-bench";

/**
 * The i-th benchmark SyncSchedule: a realistic spec (the nightly example's shape) with its
 * daily tick spread over the day by `i`, so no minute wakes every schedule at once and
 * the operator is idle between ticks.
 */
export const benchSyncSchedule = (namespace: string, name: string, i: number): SyncSchedule =>
  ({
    apiVersion: API_VERSION,
    kind: SYNC_SCHEDULE_KIND,
    metadata: { name, namespace, labels: { "fincoach.dev/bench": "operator" } },
    spec: {
      schedule: `${i % 60} ${Math.floor(i / 60) % 24} * * *`,
      timeZone: "Europe/Berlin",
      source: "all",
      startingDeadlineSeconds: 600,
      concurrencyPolicy: "Forbid",
      workers: {
        image: "fincoach/worker:0.1.0",
        minReplicas: 1,
        maxReplicas: 8,
        targetBacklogPerReplica: 100,
        concurrency: 5,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
      },
    },
  }) as unknown as SyncSchedule;

const retriable = (error: unknown) => {
  const code = statusCodeOf(error);
  return code === undefined || code === 429 || code >= 500;
};

/** Server-side applies `objects` with at most `concurrency` requests in flight (transient errors retried). */
export const applyAll = async (
  api: KubeObjectApi,
  objects: readonly SyncSchedule[],
  concurrency: number,
  onProgress?: (done: number) => void,
): Promise<void> => {
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < objects.length; i = next++) {
      await applyOne(api, objects[i] as SyncSchedule);
      done++;
      if (done % 1000 === 0) onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
};

/** One server-side apply as the load generator, retried up to 5 times on 429/5xx/network errors. */
export const applyOne = async (api: KubeObjectApi, obj: SyncSchedule): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    try {
      await serverSideApply(api, obj, { fieldManager: BENCH_MANAGER, force: true });
      return;
    } catch (error) {
      if (attempt >= 5 || !retriable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
};
