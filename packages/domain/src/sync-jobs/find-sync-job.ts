import { type DbOrTx, type SyncJob, syncJobs } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { requireRow } from "../shared/require-row.ts";

/** The person's sync job, or NOT_FOUND (also for someone else's). */
export const findSyncJob = async (
  db: DbOrTx,
  userId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<SyncJob> => {
  const q = db
    .select()
    .from(syncJobs)
    .where(and(eq(syncJobs.id, id), eq(syncJobs.userId, userId)));
  return requireRow((await (opts.lock ? q.for("update") : q))[0], "sync job");
};
