import type { EmailParseResult } from "@fincoach/importers";
import type { FetchOptions, MailboxBatch } from "./fetch-mailbox.ts";
import type { MailboxSettings, MailboxSyncState } from "./mailbox-settings.ts";

/** A sync job's accounting: every item (a transaction read, or a mail skipped) counted once. */
export type SyncCounts = { processed: number; inserted: number; duplicates: number; skipped: number; failed: number };

/** One transaction ready to insert, already in minor units. */
export type MailDraft = {
  date: string;
  amountMinor: bigint;
  currency: string;
  description: string;
  merchant: string | null;
  accountHint: string | null;
  /** The Message-ID (`:n` for the n-th transaction of one mail): the dedupe key per account. */
  externalId: string;
};

/** The connection as the job needs it: where to log in (secret opened) and what was synced so far. */
export type OpenedMailbox = {
  settings: MailboxSettings;
  state: MailboxSyncState;
  /** Where transactions land; null: an account per card/account hint, made by the connection. */
  accountId: string | null;
  name: string;
  status: "active" | "needs_attention" | "disabled";
};

/**
 * What the mailbox processor needs from the outside: the database (connections, sync jobs,
 * transactions), the IMAP fetcher and the parser. `createMailboxJobDeps` wires the real ones;
 * the seam exists so the processor is one readable loop.
 */
export type MailboxJobDeps = {
  /** Begins (or resumes) the job; a completed job returns `completed` and is not run again. */
  startJob(userId: string, jobId: string): Promise<{ status: string; counts: SyncCounts }>;
  openMailbox(userId: string, connectionId: string): Promise<OpenedMailbox>;
  fetch(settings: MailboxSettings, state: MailboxSyncState, options: FetchOptions): AsyncIterable<MailboxBatch>;
  parse(source: Buffer, receivedAt: Date | undefined): Promise<EmailParseResult>;
  /**
   * In ONE database transaction: inserts the drafts (ON CONFLICT (account_id, external_id) DO
   * NOTHING), stores the folder state and the job's counts/progress. A worker killed before
   * the commit re-fetches this batch; killed after, it resumes after it: either way nothing
   * is lost and nothing is counted or inserted twice. Returns the new rows' ids.
   */
  commitBatch(input: {
    userId: string;
    jobId: string;
    connectionId: string;
    mailbox: OpenedMailbox;
    drafts: MailDraft[];
    state: MailboxSyncState;
    /** The job's counts before this batch. */
    before: SyncCounts;
    /** Mails of this batch that held no transaction, and drafts that could not be read. */
    batch: { skipped: number; failed: number };
    progress: number;
  }): Promise<{ insertedIds: string[]; counts: SyncCounts }>;
  finishJob(userId: string, jobId: string, counts: SyncCounts): Promise<void>;
  failJob(userId: string, jobId: string, error: string, counts: SyncCounts): Promise<void>;
  markNeedsAttention(userId: string, connectionId: string, reason: string): Promise<void>;
  /** New transactions for the categorization pipeline (after the batch committed). */
  categorize?(userId: string, jobId: string, transactionIds: string[]): Promise<void>;
};
