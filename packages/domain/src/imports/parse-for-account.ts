import type { Account } from "@fincoach/db";
import { AppError, type FieldIssue, invalidField } from "@fincoach/errors";
import { type CsvMapping, type ImportFormat, parseStatement, type SkippedRecord } from "@fincoach/importers";
import { FIELD_LIMITS } from "../transactions/transaction-fields.ts";
import { fitText } from "./fit-text.ts";
import type { ImportRow } from "./import-rows.ts";

export type StatementFile = {
  content: string | Uint8Array;
  filename?: string | undefined;
  format?: ImportFormat | undefined;
  mapping?: CsvMapping | undefined;
  /** Which statement of a multi-account file: an account number or a 1-based index. */
  statement?: string | undefined;
};

/** A file read for an account: the rows to store and the accounting of every record it held. */
export type ParsedForAccount = {
  format: ImportFormat;
  rows: ImportRow[];
  /** Records the imported statement holds: rows.length + skipped.length. */
  seen: number;
  skipped: SkippedRecord[];
  /** Rows with a description, merchant or notes cut to the field limits. */
  truncated: number;
  /** The account number the imported statement states, if any. */
  statementAccount?: string | undefined;
};

/**
 * Parses a statement for `account`: the file's currency, when it states one, must be the
 * account's, and every transaction is recorded in the account's currency. Text beyond the
 * API's field limits is cut (and counted), so an import stores nothing the API would refuse.
 * Throws VALIDATION naming the file's line/field for a malformed file; nothing is written.
 */
export const parseForAccount = (
  account: Pick<Account, "currency" | "accountNumber">,
  file: StatementFile,
): ParsedForAccount => {
  const parsed = parseStatement({
    content: file.content,
    format: file.format,
    filename: file.filename,
    currency: account.currency,
    csvMapping: file.mapping,
    statement: file.statement,
    accountNumber: account.accountNumber ?? undefined,
  });
  if (parsed.currency && parsed.currency !== account.currency) {
    throw invalidField("file", `the statement is in ${parsed.currency} but the account is in ${account.currency}`);
  }
  const issues: FieldIssue[] = [];
  let truncated = 0;
  const rows = parsed.transactions.map((t, i): ImportRow => {
    if (t.amount.currency !== account.currency) {
      issues.push({
        path: `transaction ${i + 1} / amount`,
        message: `is in ${t.amount.currency}, not ${account.currency}`,
      });
    }
    const description = fitText(t.description, FIELD_LIMITS.description);
    const merchant = t.merchant === undefined ? undefined : fitText(t.merchant, FIELD_LIMITS.merchant);
    const notes = t.notes === undefined ? undefined : fitText(t.notes, FIELD_LIMITS.notes);
    if (description.cut || merchant?.cut || notes?.cut) truncated++;
    return {
      date: t.date,
      amountMinor: t.amount.minor,
      // Cleaning can empty a field (a description of only NULs): it falls back as parsers do.
      description: description.text || merchant?.text || "(no description)",
      merchant: merchant?.text || undefined,
      notes: notes?.text || undefined,
      externalId: t.externalId,
    };
  });
  if (issues.length > 0)
    throw new AppError("VALIDATION", `file: ${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  return {
    format: parsed.format,
    rows,
    seen: parsed.seen,
    skipped: parsed.skipped,
    truncated,
    statementAccount: parsed.accountId,
  };
};
