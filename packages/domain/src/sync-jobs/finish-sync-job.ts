import { connections, syncJobs } from "@fincoach/db";
import { AppError } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { findSyncJob } from "./find-sync-job.ts";
import { accountedFor, SyncJobCounts } from "./sync-job-counts.ts";
import { type SyncJobView, toSyncJobView } from "./sync-job-view.ts";

const Input = z.object({ jobId: Uuid, counts: SyncJobCounts }).strict();

/**
 * Completes a running job with its final accounting (every item counted once: processed =
 * inserted + duplicates + skipped + failed, else VALIDATION) and stamps the connection's
 * last sync. A sync that got through shows the credentials work: `needs_attention` clears.
 */
export const finishSyncJob = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof Input>;
}): Promise<SyncJobView> => {
  const { jobId, counts } = parseInput(Input, input);
  if (!accountedFor(counts)) {
    throw new AppError("VALIDATION", "processed must equal inserted + duplicates + skipped + failed", {
      retryable: false,
    });
  }
  return ctx.db.transaction(async (tx) => {
    const job = await findSyncJob(tx, ctx.userId, jobId, { lock: true });
    if (job.status !== "running") {
      throw new AppError("CONFLICT", `sync job is ${job.status}, not running`, { retryable: false });
    }
    const finishedAt = new Date();
    const [row] = await tx
      .update(syncJobs)
      .set({ status: "completed", progress: 100, ...counts, finishedAt, error: null })
      .where(eq(syncJobs.id, job.id))
      .returning();
    if (job.connectionId) {
      const [connection] = await tx
        .select({ status: connections.status })
        .from(connections)
        .where(and(eq(connections.id, job.connectionId), eq(connections.userId, ctx.userId)));
      await tx
        .update(connections)
        .set({
          lastSyncedAt: finishedAt,
          ...(connection?.status === "needs_attention" ? { status: "active" as const, statusReason: null } : {}),
        })
        .where(and(eq(connections.id, job.connectionId), eq(connections.userId, ctx.userId)));
    }
    return toSyncJobView(row!);
  });
};
