import type { SyncMailboxPayload } from "@fincoach/jobs";
import type { Job } from "bullmq";
import type { MailboxJobDeps } from "../mailbox/mailbox-job-deps.ts";
import { syncMailbox } from "../mailbox/sync-mailbox.ts";

/** The `sync-mailbox` job: runs the mailbox sync, reporting BullMQ progress as it goes. */
export const syncMailboxProcessor =
  (deps: MailboxJobDeps) =>
  (payload: SyncMailboxPayload, job: Job): Promise<unknown> =>
    syncMailbox(payload, deps, {
      lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      onProgress: (p) => job.updateProgress(p),
    });
