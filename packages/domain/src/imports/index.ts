export { copyInsertTransactions } from "./copy-insert-transactions.ts";
export { copyField, copyLine } from "./copy-text.ts";
export { FailQueuedImport, failQueuedImport } from "./fail-queued-import.ts";
export { getImport } from "./get-import.ts";
export type { ImportJobRequest, ImportQueue } from "./import-queue.ts";
export { type ImportRow, type ImportTarget, type InsertCounts, withoutNul } from "./import-rows.ts";
export {
  type ImportProgress,
  ImportStatement,
  type ImportStatementArgs,
  importStatement,
  MAX_LISTED_SKIPPED,
} from "./import-statement.ts";
export { ImportIssue, ImportResult, ImportStatus, ImportView, SkippedRecord } from "./import-view.ts";
export { listImports } from "./list-imports.ts";
export { type ParsedForAccount, parseForAccount, type StatementFile } from "./parse-for-account.ts";
export { type QueueImportArgs, queueImport } from "./queue-import.ts";
export { RunQueuedImport, type RunQueuedImportArgs, runQueuedImport } from "./run-queued-import.ts";
export type { SqlClient, TxSql } from "./sql-client.ts";
