import { type Db, syncJobs } from "@fincoach/db";
import type { Queue } from "bullmq";
import { and, eq, inArray } from "drizzle-orm";

/**
 * concurrencyPolicy Replace: the previous run's jobs not yet started are removed from the
 * queue and their rows marked failed with the reason, so no row stays `queued` forever.
 * Jobs already running finish (BullMQ cannot take a job from its worker); a job that
 * starts between listing and removing stays, as its remove() then fails.
 */
export const cancelPending = async (db: Db, queue: Queue, replacedBy: string): Promise<number> => {
  const pending = await queue.getJobs(["waiting", "prioritized", "delayed"]);
  const removed: string[] = [];
  for (const job of pending) {
    const rowId = (job.data as { jobId?: unknown }).jobId;
    const ok = await job.remove().then(
      () => true,
      () => false,
    );
    if (ok && typeof rowId === "string") removed.push(rowId);
  }
  for (let i = 0; i < removed.length; i += 2000) {
    await db
      .update(syncJobs)
      .set({ status: "failed", error: `replaced by the scheduled run ${replacedBy}`, finishedAt: new Date() })
      .where(and(inArray(syncJobs.id, removed.slice(i, i + 2000)), eq(syncJobs.status, "queued")));
  }
  return removed.length;
};
