import type { SyncBankPayload } from "@fincoach/jobs";
import { NonRetryable } from "@fincoach/jobs";
import type { Transaction as PlaidTransaction } from "plaid";
import type { SyncCounts } from "../mailbox/mailbox-job-deps.ts";
import { NewIds, noSyncEvents, type SyncEvents } from "../sync-events.ts";
import { SyncSuperseded } from "../sync-fence.ts";
import type { BankCursor } from "./bank-cursor.ts";
import { type BankDraft, toBankDraft, UnreadableTransaction } from "./bank-draft.ts";
import type { BankJobStore, BankPage } from "./bank-job-store.ts";
import { PlaidRequestFailed } from "./plaid-errors.ts";
import type { PlaidFeed, PlaidSyncPage } from "./plaid-feed.ts";

export type SyncBankOptions = {
  /** Whether this is the job's last attempt: a retryable failure then fails the sync job for good. */
  lastAttempt: boolean;
  onProgress?: (progress: number) => Promise<void> | void;
  /** Transactions per `/transactions/sync` page (Plaid: 1-500). */
  pageSize?: number;
  categorize?: (userId: string, jobId: string, transactionIds: string[]) => Promise<void>;
  /** The person's live events (`sync.*`, `transactions.created`); never fails the job. */
  events?: SyncEvents;
  /** Aborted when BullMQ handed the job to a newer attempt: stop before the next page. */
  signal?: AbortSignal;
};

/**
 * Plaid's own advice is a few restarts; a feed that keeps changing under every pagination is
 * retried later by the queue (the error is transient) rather than spun on here.
 */
const MAX_MUTATION_RESTARTS = 5;

/** Plaid gives no total: progress creeps towards 99 with each page and is 100 when done. */
const progressAfter = (pages: number) => Math.min(99, Math.round(100 * (1 - 1 / (1 + pages / 5))));

const readPage = (page: PlaidSyncPage): BankPage => {
  const drafts = new Map<string, BankDraft>();
  let failed = 0;
  for (const t of [...page.added, ...page.modified] as PlaidTransaction[]) {
    try {
      drafts.set(t.transaction_id, toBankDraft(t));
    } catch (e) {
      if (!(e instanceof UnreadableTransaction)) throw e;
      // A refused update must not leave the page's earlier version of the row to be written.
      drafts.delete(t.transaction_id);
      failed++;
    }
  }
  return {
    drafts: [...drafts.values()],
    removedIds: page.removed.map((r) => r.transaction_id),
    accounts: page.accounts ?? [],
    failed,
    entries: page.added.length + page.modified.length + page.removed.length,
  };
};

/**
 * Syncs one Plaid connection: `/transactions/sync` from the stored cursor while `has_more`,
 * each page applied with its cursor and the job's counts in one database transaction, new
 * rows handed to categorization. On TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION the
 * pagination restarts from the cursor it started with (Plaid's documented rule); re-applying
 * its pages duplicates nothing. Item credential errors mark the connection as needing
 * attention and fail the job without retry; rate limits and outages are retried by the queue.
 */
export const syncBank = async (
  payload: SyncBankPayload,
  deps: { store: BankJobStore; feed: PlaidFeed },
  options: SyncBankOptions,
): Promise<SyncCounts> => {
  const { userId, jobId, connectionId } = payload;
  const { store, feed } = deps;
  const started = await store.startJob(userId, jobId);
  if (started.status === "completed") return started.counts;
  let counts = started.counts;
  const events = options.events ?? noSyncEvents;
  const newIds = new NewIds();
  const fail = async (reason: string) => {
    await store.failJob(userId, jobId, reason, counts);
    await events.failed(userId, jobId, connectionId, reason);
  };
  try {
    const connection = await store.open(userId, connectionId);
    if (connection.status === "disabled") throw new NonRetryable("connection-disabled", "the connection is disabled");
    let cursor: BankCursor = connection.cursor;
    let restarts = 0;
    let pages = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      let page: PlaidSyncPage;
      try {
        page = await feed.syncPage(connection.accessToken, cursor.next, options.pageSize ?? 500);
      } catch (e) {
        if (e instanceof PlaidRequestFailed && e.kind === "mutation" && restarts < MAX_MUTATION_RESTARTS) {
          restarts++;
          cursor = { start: cursor.start, next: cursor.start };
          continue;
        }
        throw e;
      }
      pages++;
      const after: BankCursor = page.has_more
        ? { start: cursor.start, next: page.next_cursor }
        : { start: page.next_cursor, next: page.next_cursor };
      const committed = await store.commitPage({
        userId,
        jobId,
        connectionId,
        connectionName: connection.name,
        page: readPage(page),
        cursor: after,
        before: counts,
        progress: progressAfter(pages),
      });
      counts = committed.counts;
      await events.progress(userId, jobId, connectionId, progressAfter(pages), counts);
      newIds.add(committed.insertedIds);
      if (committed.insertedIds.length > 0) await options.categorize?.(userId, jobId, committed.insertedIds);
      await options.onProgress?.(progressAfter(pages));
      cursor = after;
      if (!page.has_more) break;
    }
    await store.finishJob(userId, jobId, counts);
    await events.completed(userId, jobId, connectionId, counts, newIds.ids);
    await options.onProgress?.(100);
    return counts;
  } catch (error) {
    // A newer attempt finished the job: its stored result is this attempt's too (no events twice).
    if (error instanceof SyncSuperseded && error.status === "completed") return error.counts;
    // Abandoned or overtaken: the newer attempt owns the job and its outcome; never fail it from here.
    if (error instanceof SyncSuperseded || options.signal?.aborted) throw error;
    if (error instanceof PlaidRequestFailed && error.kind === "credentials") {
      const reason = `${error.message}; reconnect the bank (Plaid Link update mode) or replace the access token`;
      await store.markNeedsAttention(userId, connectionId, reason);
      await fail(reason);
      throw new NonRetryable("plaid-credentials", reason);
    }
    if (error instanceof PlaidRequestFailed && error.kind === "refused") {
      await fail(error.message);
      throw new NonRetryable("plaid-refused", error.message);
    }
    if (error instanceof NonRetryable || options.lastAttempt) {
      await fail(error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
};
