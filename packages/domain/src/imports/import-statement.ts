import { createHash } from "node:crypto";
import type { Db } from "@fincoach/db";
import { AppError, type FieldIssue, isAppError, notFound } from "@fincoach/errors";
import { CsvMapping, ImportFormat } from "@fincoach/importers";
import { z } from "zod";
import { findAccount } from "../accounts/get-account.ts";
import type { PipelineWarn } from "../categorization/decide-categories.ts";
import type { ScoreModel } from "../categorization/model-scorer.ts";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { importCategorizer } from "./categorize-import-rows.ts";
import { copyInsertTransactions } from "./copy-insert-transactions.ts";
import { completeImportRecord, failImportRecord, type ImportAccounting, openImportRecord } from "./import-record.ts";
import type { ImportResult } from "./import-view.ts";
import { parseForAccount } from "./parse-for-account.ts";
import { validateInput } from "./validate-input.ts";

/** Which account a statement goes into and how to read it; the file's bytes travel beside it. */
export const ImportStatement = z.object({
  accountId: Uuid,
  /** Detected from the content (and file name) when absent. */
  format: ImportFormat.optional(),
  filename: z.string().trim().min(1).max(255).optional(),
  /** How to read a CSV file's columns; sniffed from the header when absent. */
  mapping: z.unknown().optional(),
  /** A file holding several accounts' statements: which one (an account number or a 1-based index). */
  statement: z.string().trim().min(1).max(64).optional(),
});
export type ImportStatement = z.infer<typeof ImportStatement>;

export type ImportStatementArgs = {
  /**
   * The pool handle, not a transaction's: the import opens its own transaction on the
   * postgres.js client under it (`$client`), as COPY needs the raw driver.
   */
  ctx: Ctx & { db: Db };
  input: ImportStatement;
  content: string | Uint8Array;
  /** The worker path: an existing "queued" import record to complete (or mark failed). */
  importId?: string;
  /** The categorization pipeline's model stage; without it rules and remembered corrections decide. */
  scoreModel?: ScoreModel | undefined;
  /** Told once per import when the model stage fails (the rows are imported uncategorized). */
  warn?: PipelineWarn | undefined;
  /** Told as the file's records are written (the worker path reports progress; nothing is committed until the end). */
  onProgress?: ImportProgress | undefined;
};

/**
 * How far an import is: `processed` of the `total` records the file holds (skipped records
 * count as processed once the file is read; rows as they are written). Must not throw.
 */
export type ImportProgress = (progress: { processed: number; total: number }) => void;

/** Skipped records listed on the import (the count is always exact): enough to see the pattern. */
export const MAX_LISTED_SKIPPED = 200;

/**
 * What a refused file's record keeps: the problem's detail and its issues, as a synchronous
 * import's 422 gives them; an error naming no field is listed against the file itself.
 */
export const refusal = (e: AppError): { message: string; errors: FieldIssue[] } => ({
  message: e.message,
  errors: e.issues.length > 0 ? e.issues : [{ path: "file", message: e.message }],
});

const sha256 = (content: string | Uint8Array) => createHash("sha256").update(content).digest("hex");

/** PostgreSQL's foreign_key_violation: the account (or its person) went away mid-import. */
const isForeignKeyViolation = (e: unknown) => (e as { code?: unknown } | null)?.code === "23503";

/**
 * Imports a bank statement into one of the person's accounts. All or nothing: a malformed
 * file throws VALIDATION naming each bad line and writes no transaction; otherwise the import
 * record and its new transactions commit together. Every record the file holds is accounted
 * for: inserted, a duplicate (its external id is already on the account, so re-importing a
 * file, or an overlapping one, adds nothing twice), or skipped with a listed reason.
 */
export const importStatement = async (args: ImportStatementArgs): Promise<ImportResult> => {
  try {
    return await runImport(args);
  } catch (e) {
    if (isForeignKeyViolation(e)) throw notFound("account");
    throw e;
  }
};

const runImport = async ({
  ctx,
  input,
  content,
  importId,
  scoreModel,
  warn,
  onProgress,
}: ImportStatementArgs): Promise<ImportResult> => {
  const sql = ctx.db.$client;
  const data = validateInput(ImportStatement, input);
  const mapping = data.mapping === undefined ? undefined : validateInput(CsvMapping, data.mapping, "mapping");
  const account = await findAccount(ctx, data.accountId);
  let parsed: ReturnType<typeof parseForAccount>;
  try {
    parsed = parseForAccount(account, {
      content,
      filename: data.filename,
      format: data.format,
      mapping,
      statement: data.statement,
    });
  } catch (e) {
    if (importId && isAppError(e)) await failImportRecord(sql, ctx.userId, importId, refusal(e));
    throw e;
  }
  const { format, rows, seen, skipped, truncated, statementAccount } = parsed;
  onProgress?.({ processed: skipped.length, total: seen });
  const categorize = rows.length === 0 ? null : await importCategorizer({ ctx, account, rows, scoreModel, warn });
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
    const written = onProgress && ((n: number) => onProgress({ processed: skipped.length + n, total: seen }));
    const counts = await copyInsertTransactions(tx, target, rows, categorize, written);
    const accounting: ImportAccounting = {
      seen,
      ...counts,
      skipped: skipped.length,
      truncated,
      skippedRecords: skipped.slice(0, MAX_LISTED_SKIPPED),
      statementAccount: statementAccount ?? null,
    };
    // The last line of defence for "nothing lost silently": a parser or insert path that
    // lost a record fails the import (rolled back) rather than report it completed.
    if (counts.inserted + counts.duplicates + skipped.length !== seen) {
      throw new AppError(
        "INTERNAL",
        `import accounting mismatch: ${seen} records seen, ${counts.inserted} inserted + ${counts.duplicates} duplicates + ${skipped.length} skipped`,
      );
    }
    await completeImportRecord(tx, id, accounting);
    // The first import of a file stating an account number sets it, unless one is set by then.
    if (statementAccount && account.accountNumber === null) {
      await tx`update accounts set account_number = ${statementAccount}
               where id = ${account.id} and user_id = ${ctx.userId} and account_number is null`;
    }
    return { importId: id, status: "completed", ...accounting, failed: 0, errors: [] };
  });
};
