import { type Db, webhookDeliveries } from "@fincoach/db";
import { asc, sql } from "drizzle-orm";
import type { NewDelivery } from "./fan-out-notification.ts";

/**
 * Deliveries owed but possibly without a job: pending and due for at least `graceMs` (the
 * job should have run by then), or `sending` past their lease (the worker died mid-attempt).
 * The sweeper queues them again; the queue's deterministic job id keeps a live job single.
 */
export const findStrandedDeliveries = async (db: Db, graceMs: number, limit = 500): Promise<NewDelivery[]> =>
  db
    .select({ id: webhookDeliveries.id, userId: webhookDeliveries.userId })
    .from(webhookDeliveries)
    .where(
      sql`(${webhookDeliveries.status} = 'pending' and ${webhookDeliveries.nextAttemptAt} < now() - ${`${graceMs} milliseconds`}::interval)
        or (${webhookDeliveries.status} = 'sending' and ${webhookDeliveries.leaseUntil} < now())`,
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
