import { syncJobs } from "@fincoach/db";
import { AppError } from "@fincoach/errors";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { findSyncJob } from "./find-sync-job.ts";
import { SyncJobCounts } from "./sync-job-counts.ts";

const MAX_ERROR = 2000;
const Input = z.object({ jobId: Uuid, error: z.string().min(1), counts: SyncJobCounts.optional() }).strict();

/**
 * Marks a job failed for good (the worker calls it once retries are over) with a reason a
 * person can read; never a credential. The counts so far are kept. A completed job is a
 * CONFLICT: its result stands.
 */
export const failSyncJob = async ({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }): Promise<void> => {
  const { jobId, error, counts } = parseInput(Input, input);
  const [row] = await ctx.db
    .update(syncJobs)
    .set({ status: "failed", error: error.slice(0, MAX_ERROR), finishedAt: new Date(), ...counts })
    .where(and(eq(syncJobs.id, jobId), eq(syncJobs.userId, ctx.userId), ne(syncJobs.status, "completed")))
    .returning({ id: syncJobs.id });
  if (!row) {
    await findSyncJob(ctx.db, ctx.userId, jobId); // NOT_FOUND for someone else's
    throw new AppError("CONFLICT", "sync job is completed; its result stands", { retryable: false });
  }
};
