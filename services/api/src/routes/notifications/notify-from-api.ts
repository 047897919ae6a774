import { type NotificationEvent, type Notify, notifyPerson } from "@fincoach/domain/notifications";
import { createJobQueue, currentTraceCarrier, enqueueDeliverNotification } from "@fincoach/jobs";
import { type Logger, logErrors, safeError } from "@fincoach/logging";
import type { Queue } from "bullmq";
import type { ApiDeps } from "../../api-context.ts";

// One producer per deps (per process), on the API's own Redis connection, as the sync queue's.
const queues = new WeakMap<ApiDeps, Queue>();
const queueOf = (deps: ApiDeps): Queue => {
  let queue = queues.get(deps);
  if (!queue) {
    queue = createJobQueue("notifications", { connection: deps.redis, redisPrefix: deps.config.redisPrefix });
    // Without a listener BullMQ prints every refused reconnection raw while Redis is down.
    if (deps.logger) logErrors(queue, deps.logger, "queue error", { queue: queue.name });
    queues.set(deps, queue);
  }
  return queue;
};

/**
 * What an API route calls after a change a person may be notified of has committed (an
 * import's new transactions, a plan created, re-run or deleted): writes the deliveries and
 * queues them. Never throws — the change is committed, and a delivery whose job could not be
 * queued is queued by the worker's sweeper; a fan-out that fails is logged.
 */
export const notifyFromApi = async (
  deps: ApiDeps,
  logger: Pick<Logger, "warn">,
  userId: string,
  event: NotificationEvent,
): Promise<void> => {
  const queue = queueOf(deps);
  const enqueue = (d: { id: string; userId: string }) =>
    enqueueDeliverNotification(queue, {
      jobId: d.id,
      deliveryId: d.id,
      userId: d.userId,
      trace: currentTraceCarrier(),
    });
  try {
    await notifyPerson(deps.database.db, userId, event, enqueue, (e) =>
      logger.warn({ event: event.type, err: safeError(e) }, "notification queued later (enqueue failed)"),
    );
  } catch (e) {
    logger.warn({ event: event.type, err: safeError(e) }, "cannot write notification deliveries");
  }
};

/** The same as a `Notify` (for ports such as the alerts' sinks). */
export const notifierOf =
  (deps: ApiDeps, logger: Pick<Logger, "warn">): Notify =>
  (userId, event) =>
    notifyFromApi(deps, logger, userId, event);
