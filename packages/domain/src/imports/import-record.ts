import type { FieldIssue } from "@fincoach/errors";
import { requireRow } from "../shared/require-row.ts";
import type { ImportResult } from "./import-view.ts";
import type { SqlClient, TxSql } from "./sql-client.ts";

export type ImportRecordInput = {
  userId: string;
  accountId: string;
  filename: string | null;
  format: string;
  fileSha256: string;
  /** A record created earlier (status "queued" or "running", the worker path) to take over instead of a new one. */
  importId?: string | undefined;
};

/** Creates the import record, or claims the queued one, inside the import's transaction; returns its id. */
export const openImportRecord = async (tx: TxSql, r: ImportRecordInput): Promise<string> => {
  if (r.importId) {
    const [claimed] = await tx<{ id: string }[]>`
      update imports set status = 'running', format = ${r.format}, file_sha256 = ${r.fileSha256}
      where id = ${r.importId} and user_id = ${r.userId} and account_id = ${r.accountId}
        and status in ('queued', 'running')
      returning id`;
    // A finished record is not taken again: a retried job whose first run committed stops
    // here. Two runs at once (a worker thought dead and its replacement) queue on this row's
    // lock, and the second finds it completed when the first commits.
    return requireRow(claimed, "pending import").id;
  }
  const [created] = await tx<{ id: string }[]>`
    insert into imports (user_id, account_id, filename, format, file_sha256, status)
    values (${r.userId}, ${r.accountId}, ${r.filename}, ${r.format}, ${r.fileSha256}, 'running')
    returning id`;
  return created!.id;
};

/** What a completed import record stores. */
export type ImportAccounting = Pick<
  ImportResult,
  "seen" | "inserted" | "duplicates" | "skipped" | "truncated" | "skippedRecords" | "statementAccount"
>;

/**
 * Marks the import completed with its accounting; commits together with the inserted rows,
 * and a queued import's stored file goes in the same commit (a synchronous one has none).
 */
export const completeImportRecord = async (tx: TxSql, importId: string, a: ImportAccounting): Promise<void> => {
  await tx`
    update imports
    set status = 'completed', seen = ${a.seen}, inserted = ${a.inserted}, duplicates = ${a.duplicates},
        skipped = ${a.skipped}, truncated = ${a.truncated}, failed = 0, errors = '[]'::jsonb, error = null,
        skipped_records = ${JSON.stringify(a.skippedRecords)}::jsonb, statement_account = ${a.statementAccount},
        completed_at = now()
    where id = ${importId}`;
  await tx`delete from import_uploads where import_id = ${importId}`;
};

/**
 * Records why a queued import failed for good (the worker path: the caller has no HTTP
 * response to carry the errors, so the record does): `error` is the problem's detail, and
 * `errors` the issues naming line and field a synchronous import's 422 would list. No
 * transaction rows exist for it, and its stored file goes in the same commit. A record that
 * already finished is left alone. The JSON is stringified here because drizzle turns off
 * postgres.js's own json serializer on this client.
 */
export const failImportRecord = async (
  sql: SqlClient,
  userId: string,
  importId: string,
  failure: { message: string; errors: FieldIssue[] },
): Promise<void> => {
  const { message, errors } = failure;
  await sql.begin(async (tx) => {
    const failed = await tx`
      update imports
      set status = 'failed', failed = ${errors.length}, errors = ${JSON.stringify(errors)}::jsonb,
          error = ${message}, completed_at = now()
      where id = ${importId} and user_id = ${userId} and status in ('queued', 'running')
      returning id`;
    if (failed.length > 0) await tx`delete from import_uploads where import_id = ${importId}`;
  });
};
