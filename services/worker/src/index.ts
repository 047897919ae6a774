export { type FetchOptions, fetchMailbox, type MailboxBatch, type RawMessage } from "./mailbox/fetch-mailbox.ts";
export { AuthenticationFailed, FolderNotFound } from "./mailbox/mailbox-errors.ts";
export type { MailboxJobDeps, SyncCounts } from "./mailbox/mailbox-job-deps.ts";
export { createMailboxJobDeps } from "./mailbox/mailbox-job-store.ts";
export { FolderState, MailboxSettings, MailboxSyncState } from "./mailbox/mailbox-settings.ts";
export { syncMailbox } from "./mailbox/sync-mailbox.ts";
export { startWorkers, type Workers, type WorkersOptions } from "./start-workers.ts";
