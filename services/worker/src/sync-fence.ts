import { type Db, syncJobs, type Tx } from "@fincoach/db";
import { isAppError } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import type { SyncCounts } from "./mailbox/mailbox-job-deps.ts";

type Stored = { status: string; counts: SyncCounts };

/**
 * Another attempt of the same sync got there first: it committed a batch this attempt was
 * about to commit, or finished the job. Retryable (unless `status` is `completed`, in which
 * case the sync returns `counts`, the stored result, and BullMQ records the job completed).
 * Never fails the job: the other attempt's result stands.
 */
export class SyncSuperseded extends Error {
  readonly status: string;
  readonly counts: SyncCounts;
  constructor(stored: Stored) {
    super(`another attempt of this sync moved it on (it is ${stored.status}); this attempt stops`);
    this.name = "SyncSuperseded";
    this.status = stored.status;
    this.counts = stored.counts;
  }
}

const sameCounts = (a: SyncCounts, b: SyncCounts) =>
  a.processed === b.processed &&
  a.inserted === b.inserted &&
  a.duplicates === b.duplicates &&
  a.skipped === b.skipped &&
  a.failed === b.failed;

const readJob = async (db: Db | Tx, userId: string, jobId: string, lock: boolean): Promise<Stored | undefined> => {
  const query = db
    .select({
      status: syncJobs.status,
      processed: syncJobs.processed,
      inserted: syncJobs.inserted,
      duplicates: syncJobs.duplicates,
      skipped: syncJobs.skipped,
      failed: syncJobs.failed,
    })
    .from(syncJobs)
    .where(and(eq(syncJobs.id, jobId), eq(syncJobs.userId, userId)));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) return undefined;
  const { status, ...counts } = row;
  return { status, counts };
};

/**
 * The commit fence, first thing in a batch's transaction: the job must still be running with
 * exactly the counts this attempt last committed (or resumed from). Counts only grow, so if
 * another attempt (a lock lost while Redis was away, a stalled job handed to another worker
 * while the first still ran) committed anything since, this attempt's batch was fetched from
 * a stale position: the transaction rolls back and nothing is written twice or counted twice.
 * The row stays locked until the commit, so two attempts' batches cannot interleave.
 */
export const assertStillCurrent = async (tx: Tx, userId: string, jobId: string, before: SyncCounts) => {
  const stored = await readJob(tx, userId, jobId, true);
  // A missing row is the domain's NOT_FOUND, raised by the progress report that follows.
  if (stored && (stored.status !== "running" || !sameCounts(stored.counts, before))) throw new SyncSuperseded(stored);
};

/**
 * `finishSyncJob` refuses a job that is no longer running (CONFLICT). When another attempt
 * completed it meanwhile, that is this attempt's outcome too: a SyncSuperseded carrying the
 * stored result, not a failure.
 */
export const finishedElsewhere = async (db: Db, userId: string, jobId: string, error: unknown): Promise<never> => {
  if (isAppError(error) && error.code === "CONFLICT") {
    const stored = await readJob(db, userId, jobId, false);
    if (stored?.status === "completed") throw new SyncSuperseded(stored);
  }
  throw error;
};
