import type { Db } from "@fincoach/db";
import { findStrandedDeliveries } from "@fincoach/domain/notifications";
import { currentTraceCarrier, enqueueDeliverNotification } from "@fincoach/jobs";
import type { Logger } from "@fincoach/logging";
import type { Queue } from "bullmq";

export type SweeperOptions = {
  db: Db;
  queue: Queue;
  logger: Logger;
  /** How long a due delivery may wait for its job before it counts as stranded. */
  graceMs: number;
  intervalMs: number;
};

/**
 * Re-queues deliveries PostgreSQL still owes but no job will run: the job was lost (Redis
 * restarted without its data, an enqueue failed after the row committed), or it ended
 * without finishing the row (a worker killed twice mid-attempt fails the job). A job still
 * waiting, delayed or active is left alone; a finished one is removed first, since BullMQ
 * ignores an add whose id still exists. Returns how many were queued.
 */
export const sweepNotifications = async (o: Omit<SweeperOptions, "intervalMs">): Promise<number> => {
  let queued = 0;
  for (const d of await findStrandedDeliveries(o.db, o.graceMs)) {
    const job = await o.queue.getJob(d.id);
    if (job) {
      const state = await job.getState();
      if (state !== "completed" && state !== "failed" && state !== "unknown") continue;
      await job.remove().catch(() => {});
    }
    await enqueueDeliverNotification(o.queue, {
      jobId: d.id,
      deliveryId: d.id,
      userId: d.userId,
      trace: currentTraceCarrier(),
    });
    queued += 1;
  }
  if (queued > 0) o.logger.info({ queued }, "stranded notification deliveries queued again");
  return queued;
};

/** Sweeps at once (a restart's recovery) and then every `intervalMs`; one sweep at a time. */
export const startNotificationSweeper = (o: SweeperOptions): { close(): Promise<void> } => {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = sweepNotifications(o).catch((e: Error) => o.logger.warn({ err: e.message }, "notification sweep failed"));
  };
  tick();
  const timer = setInterval(() => {
    void running.then(tick);
  }, o.intervalMs);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
