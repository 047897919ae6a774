import { createHash } from "node:crypto";
import { isAppError } from "@fincoach/errors";
import { CsvMapping, ImportFormat } from "@fincoach/importers";
import { z } from "zod";
import { findAccount } from "../accounts/get-account.ts";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { copyInsertTransactions } from "./copy-insert-transactions.ts";
import { completeImportRecord, failImportRecord, openImportRecord } from "./import-record.ts";
import type { ImportResult } from "./import-view.ts";
import { parseForAccount } from "./parse-for-account.ts";
import type { SqlClient } from "./sql-client.ts";
import { validateInput } from "./validate-input.ts";

/** Which account a statement goes into and how to read it; the file's bytes travel beside it. */
export const ImportStatement = z.object({
  accountId: Uuid,
  /** Detected from the content (and file name) when absent. */
  format: ImportFormat.optional(),
  filename: z.string().trim().min(1).max(255).optional(),
  /** How to read a CSV file's columns; sniffed from the header when absent. */
  mapping: z.unknown().optional(),
});
export type ImportStatement = z.infer<typeof ImportStatement>;

export type ImportStatementArgs = {
  ctx: Ctx;
  /** The raw client of the same database as `ctx.db`: the rows go in through COPY. */
  sql: SqlClient;
  input: ImportStatement;
  content: string | Uint8Array;
  /** The worker path: an existing "queued" import record to complete (or mark failed). */
  importId?: string;
};

const sha256 = (content: string | Uint8Array) => createHash("sha256").update(content).digest("hex");

/**
 * Imports a bank statement into one of the person's accounts. All or nothing: a malformed
 * file throws VALIDATION naming each bad line and writes no transaction; otherwise the import
 * record and its new transactions commit together. Rows whose external id the account already
 * has are counted as duplicates, so re-importing a file, or an overlapping one, adds nothing twice.
 */
export const importStatement = async ({
  ctx,
  sql,
  input,
  content,
  importId,
}: ImportStatementArgs): Promise<ImportResult> => {
  const data = validateInput(ImportStatement, input);
  const mapping = data.mapping === undefined ? undefined : validateInput(CsvMapping, data.mapping, "mapping");
  const account = await findAccount(ctx, data.accountId);
  let parsed: ReturnType<typeof parseForAccount>;
  try {
    parsed = parseForAccount(account, { content, filename: data.filename, format: data.format, mapping });
  } catch (e) {
    if (importId && isAppError(e)) await failImportRecord(sql, ctx.userId, importId, e.issues);
    throw e;
  }
  const { format, rows } = parsed;
  return sql.begin(async (tx): Promise<ImportResult> => {
    const id = await openImportRecord(tx, {
      userId: ctx.userId,
      accountId: account.id,
      filename: data.filename ?? null,
      format,
      fileSha256: sha256(content),
      importId,
    });
    const target = { userId: ctx.userId, accountId: account.id, importId: id, currency: account.currency };
    const counts = await copyInsertTransactions(tx, target, rows);
    await completeImportRecord(tx, id, counts);
    return { importId: id, status: "completed", ...counts, failed: 0, errors: [] };
  });
};
