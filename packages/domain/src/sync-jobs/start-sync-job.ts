import { syncJobs } from "@fincoach/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { findSyncJob } from "./find-sync-job.ts";
import { type SyncJobView, toSyncJobView } from "./sync-job-view.ts";

/**
 * The worker begins (or, after a crash or a retry, resumes) a job: it becomes `running`,
 * keeping its first start time. A job already `completed` is returned unchanged, so a
 * redelivered job can see there is nothing left to do.
 */
export const startSyncJob = async ({ ctx, input }: { ctx: Ctx; input: { jobId: string } }): Promise<SyncJobView> =>
  ctx.db.transaction(async (tx) => {
    const job = await findSyncJob(tx, ctx.userId, input.jobId, { lock: true });
    if (job.status === "completed") return toSyncJobView(job);
    const [row] = await tx
      .update(syncJobs)
      .set({
        status: "running",
        startedAt: sql`coalesce(${syncJobs.startedAt}, now())`,
        finishedAt: null,
        error: null,
      })
      .where(and(eq(syncJobs.id, job.id), eq(syncJobs.userId, ctx.userId)))
      .returning();
    return toSyncJobView(row!);
  });
