import type { SyncJobQueue } from "@fincoach/domain";
import { createJobQueue, currentTraceCarrier, enqueueSyncBank, enqueueSyncMailbox } from "@fincoach/jobs";
import type { Queue } from "bullmq";
import type { ApiDeps } from "../../api-context.ts";

/**
 * A requested sync, onto the shared `sync` queue of @fincoach/jobs (job `sync-mailbox` or
 * `sync-bank`, BullMQ job id = the sync_jobs row id, the request's trace context carried).
 */
export const bullmqSyncJobQueue = (queue: Queue): SyncJobQueue => ({
  enqueue: async ({ jobId, connectionId, userId, kind }) => {
    const payload = { jobId, connectionId, userId, trace: currentTraceCarrier() };
    if (kind === "mailbox") await enqueueSyncMailbox(queue, payload);
    else if (kind === "bank") await enqueueSyncBank(queue, payload);
    else throw new Error(`no sync queue for a ${kind} job`);
  },
});

// One producer per deps (per process), on the API's own Redis connection: a Queue given a
// connection shares it rather than opening one, so nothing extra needs closing at shutdown.
const queues = new WeakMap<ApiDeps, SyncJobQueue>();

/** The deps' sync queue: the one injected, or a BullMQ producer built on first use. */
export const syncJobQueueOf = (deps: ApiDeps): SyncJobQueue => {
  if (deps.syncJobQueue) return deps.syncJobQueue;
  let queue = queues.get(deps);
  if (!queue) {
    queue = bullmqSyncJobQueue(
      createJobQueue("sync", { connection: deps.redis, redisPrefix: deps.config.redisPrefix }),
    );
    queues.set(deps, queue);
  }
  return queue;
};
