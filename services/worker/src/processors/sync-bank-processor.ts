import { isAppError } from "@fincoach/errors";
import { NonRetryable, type SyncBankPayload } from "@fincoach/jobs";
import type { Job } from "bullmq";
import type { BankJobStore } from "../bank/bank-job-store.ts";
import type { PlaidFeed } from "../bank/plaid-feed.ts";
import { type SyncBankOptions, syncBank } from "../bank/sync-bank.ts";
import { reportProgress } from "./report-progress.ts";

/**
 * The `sync-bank` job: runs the Plaid sync, reporting BullMQ progress as it goes. A domain
 * refusal that says retrying cannot help (the job or connection is gone, someone else's, or
 * the job already failed) is NonRetryable, as for mailboxes.
 */
export const syncBankProcessor =
  (
    deps: { store: BankJobStore; feed: PlaidFeed },
    options: Pick<SyncBankOptions, "pageSize" | "categorize" | "events"> = {},
  ) =>
  async (payload: SyncBankPayload, job: Job, signal?: AbortSignal): Promise<unknown> => {
    try {
      return await syncBank(payload, deps, {
        ...options,
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        onProgress: (p) => reportProgress(job, p),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (isAppError(error) && !error.retryable)
        throw new NonRetryable(error.code.toLowerCase(), error.message, { cause: error });
      throw error;
    }
  };
