import { AppError } from "@fincoach/errors";
import type { Draft } from "./draft.ts";
import { ExternalIds } from "./external-id.ts";
import type { ImportFormat, ParsedStatement, ParsedTransaction, SkippedRecord, StatementSummary } from "./types.ts";

/** The value when every statement in the file agrees on it, else undefined. */
export const single = <T>(values: readonly (T | undefined)[]): T | undefined => {
  const [first] = values;
  return first !== undefined && values.every((v) => v === first) ? first : undefined;
};

/** What a parser knows about the imported statement besides its transactions. */
export type StatementMeta = {
  currency?: string | undefined;
  accountId?: string | undefined;
  /** Records seen; defaults to transactions + skipped (a parser that skips nothing need not count). */
  seen?: number | undefined;
  skipped?: readonly SkippedRecord[] | undefined;
  /** Every statement in the file; defaults to one describing the imported statement. */
  statements?: readonly StatementSummary[] | undefined;
};

/**
 * Assigns external ids in file order and assembles the result. Checks the accounting invariant
 * (`transactions + skipped === seen`): a parser that loses a record is a bug, never a silent drop.
 */
export const finishStatement = (
  format: ImportFormat,
  drafts: readonly Draft[],
  meta: StatementMeta,
): ParsedStatement => {
  const ids = new ExternalIds(format);
  const transactions = drafts.map((d): ParsedTransaction => {
    const tx: ParsedTransaction = { date: d.date, amount: d.amount, description: d.description, externalId: "" };
    if (d.merchant !== undefined) tx.merchant = d.merchant;
    if (d.notes !== undefined) tx.notes = d.notes;
    tx.externalId = ids.next(d, d.nativeId);
    return tx;
  });
  const skipped = [...(meta.skipped ?? [])];
  const seen = meta.seen ?? transactions.length + skipped.length;
  if (transactions.length + skipped.length !== seen) {
    // A bug in our parser, not in the file: never retried, never shown as the person's fault.
    throw new AppError(
      "INTERNAL",
      `${format} parser accounting bug: ${transactions.length} transactions + ${skipped.length} skipped != ${seen} seen`,
      { retryable: false },
    );
  }
  const statements = meta.statements ? [...meta.statements] : [defaultSummary(meta, seen)];
  const result: ParsedStatement = { format, transactions, seen, skipped, statements };
  if (meta.currency) result.currency = meta.currency;
  if (meta.accountId) result.accountId = meta.accountId;
  return result;
};

const defaultSummary = (meta: StatementMeta, seen: number): StatementSummary => {
  const summary: StatementSummary = { index: 1, records: seen };
  if (meta.accountId) summary.accountNumber = meta.accountId;
  if (meta.currency) summary.currency = meta.currency;
  return summary;
};
