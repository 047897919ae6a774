import type { ImportQueue } from "@fincoach/domain";
import { createJobQueue, currentTraceCarrier, enqueueImportFile } from "@fincoach/jobs";
import { logErrors } from "@fincoach/logging";
import type { ApiDeps } from "../../api-context.ts";

// One producer per deps (per process), on the API's own Redis connection: a Queue given a
// connection shares it rather than opening one, so nothing extra needs closing at shutdown.
const queues = new WeakMap<ApiDeps, ImportQueue>();

/**
 * Queued imports onto the `import-file` queue of @fincoach/jobs through its enqueue helper
 * (BullMQ job id `import-<importId>`, fair priority across people, the request's trace
 * context carried). The job names the import only; its file waits in PostgreSQL.
 */
export const importQueueOf = (deps: ApiDeps): ImportQueue => {
  let queue = queues.get(deps);
  if (!queue) {
    const bull = createJobQueue("imports", { connection: deps.redis, redisPrefix: deps.config.redisPrefix });
    // Without a listener BullMQ prints every refused reconnection raw while Redis is down.
    if (deps.logger) logErrors(bull, deps.logger, "queue error", { queue: bull.name });
    queue = {
      enqueue: async ({ importId, userId }) => {
        await enqueueImportFile(bull, { importId, jobId: importId, userId, trace: currentTraceCarrier() });
      },
    };
    queues.set(deps, queue);
  }
  return queue;
};
