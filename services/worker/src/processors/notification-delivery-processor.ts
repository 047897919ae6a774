import type { DeliveryDeps } from "@fincoach/domain/notifications";
import { attemptDelivery } from "@fincoach/domain/notifications";
import type { DeliverNotificationPayload } from "@fincoach/jobs";
import { DelayedError, type Job } from "bullmq";

/**
 * One attempt at a delivery. A receiver's failure is not a job failure: the attempt is
 * recorded with its next time in the delivery log, and the job moves to delayed until then
 * (BullMQ's own retries stay for the worker's failures: the database away, a crash). So the
 * delay the log shows is the delay the job waits, and the count of attempts lives in
 * PostgreSQL, where it survives Redis losing the job.
 */
export const notificationDeliveryProcessor =
  (deps: DeliveryDeps) =>
  async (payload: DeliverNotificationPayload, job: Job): Promise<string> => {
    const result = await attemptDelivery(deps, payload.deliveryId);
    if (result.outcome === "retry" || result.outcome === "wait") {
      await job.moveToDelayed(result.at.getTime(), job.token);
      throw new DelayedError();
    }
    return result.outcome;
  };
