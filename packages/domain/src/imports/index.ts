export { copyInsertTransactions } from "./copy-insert-transactions.ts";
export { copyField, copyLine } from "./copy-text.ts";
export { getImport } from "./get-import.ts";
export { type ImportRow, type ImportTarget, type InsertCounts, withoutNul } from "./import-rows.ts";
export { ImportStatement, type ImportStatementArgs, importStatement, MAX_LISTED_SKIPPED } from "./import-statement.ts";
export { ImportIssue, ImportResult, ImportStatus, ImportView, SkippedRecord } from "./import-view.ts";
export { listImports } from "./list-imports.ts";
export { type ParsedForAccount, parseForAccount, type StatementFile } from "./parse-for-account.ts";
export type { SqlClient, TxSql } from "./sql-client.ts";
