import type { DbOrTx } from "@fincoach/db";
import { fanOutNotification, type NewDelivery, type NotificationEvent } from "./fan-out-notification.ts";

/** Queues one delivery's job (the notifications queue, job id = delivery id). */
export type EnqueueDelivery = (delivery: NewDelivery) => Promise<unknown>;

/**
 * What a publishing path calls after the change it announces is committed: writes the
 * deliveries (the outbox) and queues a job for each. A failed enqueue is not an error — the
 * row is in PostgreSQL and the worker's sweeper queues it — so it is reported, never thrown,
 * and a notification never fails the job or request that caused it. A failed fan-out (the
 * database went away) is thrown: the caller logs it, as it does a failed live event.
 */
export const notifyPerson = async (
  db: DbOrTx,
  userId: string,
  event: NotificationEvent,
  enqueue: EnqueueDelivery | undefined,
  onEnqueueError: (error: unknown) => void = () => {},
): Promise<NewDelivery[]> => {
  const deliveries = await fanOutNotification(db, userId, event);
  if (enqueue)
    for (const d of deliveries)
      await enqueue(d).catch((error: unknown) => {
        onEnqueueError(error);
      });
  return deliveries;
};
