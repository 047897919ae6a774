import { isAppError } from "@fincoach/errors";
import { NonRetryable, type SyncMailboxPayload } from "@fincoach/jobs";
import type { Job } from "bullmq";
import type { MailboxJobDeps } from "../mailbox/mailbox-job-deps.ts";
import { syncMailbox } from "../mailbox/sync-mailbox.ts";
import type { SyncEvents } from "../sync-events.ts";
import { reportProgress } from "./report-progress.ts";

/**
 * The `sync-mailbox` job: runs the mailbox sync, reporting BullMQ progress as it goes. A
 * domain refusal that says retrying cannot help (the job or connection is gone, someone
 * else's, or the job already failed) is NonRetryable.
 */
export const syncMailboxProcessor =
  (deps: MailboxJobDeps, events?: SyncEvents) =>
  async (payload: SyncMailboxPayload, job: Job, signal?: AbortSignal): Promise<unknown> => {
    try {
      return await syncMailbox(payload, deps, {
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        onProgress: (p) => reportProgress(job, p),
        ...(signal ? { signal } : {}),
        ...(events ? { events } : {}),
      });
    } catch (error) {
      if (isAppError(error) && !error.retryable)
        throw new NonRetryable(error.code.toLowerCase(), error.message, { cause: error });
      throw error;
    }
  };
