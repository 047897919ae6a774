import type { SyncJobQueue } from "@fincoach/domain";
import { createJobQueue, currentTraceCarrier, enqueueSyncBank, enqueueSyncMailbox } from "@fincoach/jobs";
import { logErrors } from "@fincoach/logging";
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
    const bull = createJobQueue("sync", { connection: deps.redis, redisPrefix: deps.config.redisPrefix });
    // Without a listener BullMQ prints every refused reconnection raw while Redis is down.
    if (deps.logger) logErrors(bull, deps.logger, "queue error", { queue: bull.name });
    queue = bullmqSyncJobQueue(bull);
    queues.set(deps, queue);
  }
  return queue;
};
