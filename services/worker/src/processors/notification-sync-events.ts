import type { Db } from "@fincoach/db";
import { type Notify, notifyPerson } from "@fincoach/domain/notifications";
import { currentTraceCarrier, enqueueDeliverNotification } from "@fincoach/jobs";
import { type Logger, safeError } from "@fincoach/logging";
import type { Queue } from "bullmq";
import type { SyncEvents } from "../sync-events.ts";

/** The worker's notifier: deliveries written to PostgreSQL, then queued on `queue`. */
export const createNotifier =
  (o: { db: Db; queue: Queue; logger: Logger }): Notify =>
  async (userId, event) => {
    const enqueue = (d: { id: string; userId: string }) =>
      enqueueDeliverNotification(o.queue, {
        jobId: d.id,
        deliveryId: d.id,
        userId: d.userId,
        trace: currentTraceCarrier(),
      });
    try {
      await notifyPerson(o.db, userId, event, enqueue, (e) =>
        o.logger.warn({ event: event.type, err: safeError(e) }, "notification queued later (enqueue failed)"),
      );
    } catch (e) {
      o.logger.warn({ event: event.type, userId, err: safeError(e) }, "cannot write notification deliveries");
    }
  };

/**
 * A sync's live events plus their notifications: `sync.completed`, `sync.failed` and the
 * sync's `transactions.created` fan out after the live event, with event ids from the sync
 * job (a job ends once, so a repeated call for it writes no second delivery).
 */
export const withNotifications = (events: SyncEvents, notify: Notify): SyncEvents => ({
  progress: events.progress,
  completed: async (userId, jobId, connectionId, counts, insertedIds) => {
    await events.completed(userId, jobId, connectionId, counts, insertedIds);
    await notify(userId, {
      type: "sync.completed",
      eventId: `sync.completed:${jobId}`,
      data: { syncJobId: jobId, connectionId, counts },
    });
    if (counts.inserted > 0)
      await notify(userId, {
        type: "transactions.created",
        eventId: `transactions.created:sync:${jobId}`,
        data: { count: counts.inserted, syncJobId: jobId },
      });
  },
  failed: async (userId, jobId, connectionId, error) => {
    await events.failed(userId, jobId, connectionId, error);
    await notify(userId, {
      type: "sync.failed",
      eventId: `sync.failed:${jobId}`,
      data: { syncJobId: jobId, connectionId, error: error.slice(0, 2000) },
    });
  },
});
