import { syncJobs } from "@fincoach/db";
import { AppError } from "@fincoach/errors";
import { eq } from "drizzle-orm";
import { findConnection } from "../connections/find-connection.ts";
import type { Ctx } from "../shared/context.ts";
import type { SyncJobQueue } from "./sync-job-queue.ts";

/**
 * Records a queued sync job for the person's connection and hands it to the queue. If the
 * queue refuses, the row is marked failed (nothing is left `queued` forever) and the error
 * goes on, retryable.
 */
export const requestConnectionSync = async ({
  ctx,
  input,
  queue,
}: {
  ctx: Ctx;
  input: { id: string };
  queue: SyncJobQueue;
}): Promise<{ jobId: string }> => {
  const connection = await findConnection(ctx.db, ctx.userId, input.id);
  if (connection.status === "disabled") {
    throw new AppError("CONFLICT", "connection is disabled; PATCH its status to active first");
  }
  const kind = connection.type === "imap" ? "mailbox" : "bank";
  const [job] = await ctx.db
    .insert(syncJobs)
    .values({ userId: ctx.userId, connectionId: connection.id, kind })
    .returning({ id: syncJobs.id });
  const jobId = job!.id;
  try {
    await queue.enqueue({ jobId, connectionId: connection.id, userId: ctx.userId, kind });
  } catch (e) {
    await ctx.db
      .update(syncJobs)
      .set({ status: "failed", error: "could not be queued", finishedAt: new Date() })
      .where(eq(syncJobs.id, jobId));
    throw new AppError("INTERNAL", "the sync could not be queued", { cause: e, retryable: true });
  }
  return { jobId };
};
