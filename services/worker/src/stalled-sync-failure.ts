import type { Db } from "@fincoach/db";
import { failSyncJob } from "@fincoach/domain";
import { isAppError } from "@fincoach/errors";
import { JOB_NAMES } from "@fincoach/jobs";
import { type Logger, safeError } from "@fincoach/logging";
import type { Worker } from "bullmq";
import type { SyncEvents } from "./sync-events.ts";
import type { SyncJobOutcomes } from "./sync-job-outcomes.ts";

/** What the person reads on the job: why it stopped, and what to do. */
export const STALLED_REASON =
  "the sync stopped responding too many times (its worker died or lost Redis mid-run); request a new sync";

const SYNC_KINDS = new Map<string, "mailbox" | "bank">([
  [JOB_NAMES.syncMailbox, "mailbox"],
  [JOB_NAMES.syncBank, "bank"],
]);

/**
 * A job that stalled more often than `maxStalledCount` is failed by BullMQ itself (a
 * `deferredFailure`, set by its stalled-job check) without running the processor, so nothing
 * would ever fail its `sync_jobs` row: it would show `running` forever. Here the row is failed
 * with a readable reason (counts kept), the person told (`sync.failed`) and the job counted as
 * failed in `outcomes`. A row another attempt completed meanwhile stays completed, and counts
 * nothing here.
 */
export const failStalledSyncRows = (
  worker: Worker,
  o: { db: Db; events: SyncEvents; logger: Logger; outcomes?: SyncJobOutcomes | undefined },
): void => {
  worker.on("failed", (job) => {
    const kind = job ? SYNC_KINDS.get(job.name) : undefined;
    if (!job || !kind || !job.deferredFailure) return;
    const { userId, jobId, connectionId } = job.data as { userId: string; jobId: string; connectionId: string };
    void (async () => {
      try {
        await failSyncJob({ ctx: { db: o.db, userId }, input: { jobId, error: STALLED_REASON } });
      } catch (e) {
        if (isAppError(e) && e.code === "CONFLICT") return; // completed: its result stands
        throw e;
      }
      o.outcomes?.count(worker.name, kind, "failed");
      await o.events.failed(userId, jobId, connectionId, STALLED_REASON);
    })().catch((e: unknown) =>
      o.logger.error({ syncJobId: jobId, userId, err: safeError(e) }, "cannot fail the sync job of a stalled job"),
    );
  });
};
