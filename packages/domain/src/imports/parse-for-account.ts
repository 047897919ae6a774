import type { Account } from "@fincoach/db";
import { AppError, type FieldIssue, invalidField } from "@fincoach/errors";
import { type CsvMapping, type ImportFormat, parseStatement } from "@fincoach/importers";
import type { ImportRow } from "./import-rows.ts";

export type StatementFile = {
  content: string | Uint8Array;
  filename?: string | undefined;
  format?: ImportFormat | undefined;
  mapping?: CsvMapping | undefined;
};

/**
 * Parses a statement for `account`: the file's currency, when it states one, must be the
 * account's, and every transaction is recorded in the account's currency. Throws VALIDATION
 * naming the file's line/field for a malformed file; nothing is written.
 */
export const parseForAccount = (
  account: Pick<Account, "currency">,
  file: StatementFile,
): { format: ImportFormat; rows: ImportRow[] } => {
  const parsed = parseStatement({
    content: file.content,
    format: file.format,
    filename: file.filename,
    currency: account.currency,
    csvMapping: file.mapping,
  });
  if (parsed.currency && parsed.currency !== account.currency) {
    throw invalidField("file", `the statement is in ${parsed.currency} but the account is in ${account.currency}`);
  }
  const issues: FieldIssue[] = [];
  const rows = parsed.transactions.map((t, i): ImportRow => {
    if (t.amount.currency !== account.currency) {
      issues.push({
        path: `transaction ${i + 1} / amount`,
        message: `is in ${t.amount.currency}, not ${account.currency}`,
      });
    }
    const { date, description, merchant, notes, externalId } = t;
    return { date, amountMinor: t.amount.minor, description, merchant, notes, externalId };
  });
  if (issues.length > 0)
    throw new AppError("VALIDATION", `file: ${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  return { format: parsed.format, rows };
};
