import { syncJobs } from "@fincoach/db";
import { AppError } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { findSyncJob } from "./find-sync-job.ts";
import { SyncJobCounts } from "./sync-job-counts.ts";

const Input = z.object({ jobId: Uuid, progress: z.int().min(0).max(100), counts: SyncJobCounts }).strict();

/** Records how far a running job is (absolute counts). A job no longer running is a CONFLICT. */
export const reportSyncProgress = async ({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }): Promise<void> => {
  const { jobId, progress, counts } = parseInput(Input, input);
  const [row] = await ctx.db
    .update(syncJobs)
    .set({ progress, ...counts })
    .where(and(eq(syncJobs.id, jobId), eq(syncJobs.userId, ctx.userId), eq(syncJobs.status, "running")))
    .returning({ id: syncJobs.id });
  if (!row) {
    const job = await findSyncJob(ctx.db, ctx.userId, jobId); // NOT_FOUND for someone else's
    throw new AppError("CONFLICT", `sync job is ${job.status}, not running`, { retryable: false });
  }
};
