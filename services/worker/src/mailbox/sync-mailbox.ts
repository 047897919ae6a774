import type { SyncMailboxPayload } from "@fincoach/jobs";
import { NonRetryable } from "@fincoach/jobs";
import { DecimalParseError, parseDecimal } from "@fincoach/money";
import { NewIds, noSyncEvents, type SyncEvents } from "../sync-events.ts";
import { SyncSuperseded } from "../sync-fence.ts";
import type { FetchOptions, RawMessage } from "./fetch-mailbox.ts";
import { AuthenticationFailed, FolderNotFound } from "./mailbox-errors.ts";
import type { MailboxJobDeps, MailDraft, SyncCounts } from "./mailbox-job-deps.ts";

export type SyncMailboxOptions = {
  /** Whether this is the job's last attempt: a retryable failure then fails the sync job for good. */
  lastAttempt: boolean;
  /** BullMQ progress (0-100), for queue dashboards; the sync_jobs row is the source of truth. */
  onProgress?: (progress: number) => Promise<void> | void;
  fetchOptions?: FetchOptions;
  /** The person's live events (`sync.*`, `transactions.created`); never fails the job. */
  events?: SyncEvents;
  /** Aborted when BullMQ handed the job to a newer attempt: stop before the next batch. */
  signal?: AbortSignal;
};

/** A batch's items: drafts to insert, and what was skipped or failed to read. */
const readBatch = async (deps: MailboxJobDeps, messages: RawMessage[]) => {
  const drafts: MailDraft[] = [];
  let skipped = 0;
  let failed = 0;
  for (const m of messages) {
    const result = await deps.parse(m.source, m.internalDate);
    if (result.kind === "skipped") {
      skipped++;
      continue;
    }
    for (const d of result.drafts) {
      try {
        drafts.push({
          date: d.date,
          amountMinor: parseDecimal(d.amount, d.currency).minor,
          currency: d.currency,
          description: d.description,
          merchant: d.merchant,
          accountHint: d.accountHint,
          externalId: d.externalId,
        });
      } catch (e) {
        // An amount the currency cannot hold (too many decimals, out of range) or a currency
        // code @fincoach/money does not know (RangeError): counted, not fatal to the batch.
        if (e instanceof DecimalParseError || e instanceof RangeError) failed++;
        else throw e;
      }
    }
    // Items of a multi-transaction mail the parser could not date: counted, never dropped.
    skipped += result.skipped.length;
  }
  return { drafts, skipped, failed };
};

/**
 * Syncs one mailbox connection into transactions, batch by batch: fetch (≤100 mails), parse,
 * insert idempotently with the folder state and the job's counts in one transaction, report
 * progress, and hand new rows to categorization. Resumes from the job's committed counts and
 * the connection's committed state, so a killed worker's job finishes with the same totals
 * as an uninterrupted run. Refused credentials or a missing folder mark the connection as
 * needing attention and fail the job without a retry.
 */
export const syncMailbox = async (
  payload: SyncMailboxPayload,
  deps: MailboxJobDeps,
  options: SyncMailboxOptions,
): Promise<SyncCounts> => {
  const { userId, jobId, connectionId } = payload;
  const started = await deps.startJob(userId, jobId);
  if (started.status === "completed") return started.counts;
  let counts = started.counts;
  const events = options.events ?? noSyncEvents;
  const newIds = new NewIds();
  const fail = async (reason: string) => {
    await deps.failJob(userId, jobId, reason, counts);
    await events.failed(userId, jobId, connectionId, reason);
  };
  try {
    const mailbox = await deps.openMailbox(userId, connectionId);
    if (mailbox.status === "disabled") throw new NonRetryable("connection-disabled", "the connection is disabled");
    const batches = deps.fetch(mailbox.settings, mailbox.state, { ...options.fetchOptions, mode: payload.mode });
    for await (const batch of batches) {
      options.signal?.throwIfAborted();
      const { drafts, skipped, failed } = await readBatch(deps, batch.messages);
      const committed = await deps.commitBatch({
        userId,
        jobId,
        connectionId,
        mailbox,
        drafts,
        state: batch.state,
        before: counts,
        batch: { skipped, failed },
        progress: Math.min(99, batch.progress),
      });
      counts = committed.counts;
      await events.progress(userId, jobId, connectionId, Math.min(99, batch.progress), counts);
      const insertedIds = committed.insertedIds;
      newIds.add(insertedIds);
      if (insertedIds.length > 0) await deps.categorize?.(userId, jobId, insertedIds);
      await options.onProgress?.(Math.min(99, batch.progress));
    }
    await deps.finishJob(userId, jobId, counts);
    await events.completed(userId, jobId, connectionId, counts, newIds.ids);
    await options.onProgress?.(100);
    return counts;
  } catch (error) {
    // A newer attempt finished the job: its stored result is this attempt's too (no events twice).
    if (error instanceof SyncSuperseded && error.status === "completed") return error.counts;
    // Abandoned or overtaken: the newer attempt owns the job and its outcome; never fail it from here.
    if (error instanceof SyncSuperseded || options.signal?.aborted) throw error;
    if (error instanceof AuthenticationFailed || error instanceof FolderNotFound) {
      const reason =
        error instanceof AuthenticationFailed
          ? "the mail server refused the credentials; update the password or token"
          : error.message;
      await deps.markNeedsAttention(userId, connectionId, reason);
      await fail(reason);
      throw new NonRetryable(
        error instanceof AuthenticationFailed ? "authentication-failed" : "folder-not-found",
        reason,
        {
          cause: error,
        },
      );
    }
    if (error instanceof NonRetryable || options.lastAttempt) {
      await fail(error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
};
