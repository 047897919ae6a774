import type { Draft } from "./draft.ts";
import { ExternalIds } from "./external-id.ts";
import type { ImportFormat, ParsedStatement, ParsedTransaction } from "./types.ts";

/** The value when every statement in the file agrees on it, else undefined. */
export const single = <T>(values: readonly (T | undefined)[]): T | undefined => {
  const [first] = values;
  return first !== undefined && values.every((v) => v === first) ? first : undefined;
};

/** Assigns external ids in file order and assembles the result. */
export const finishStatement = (
  format: ImportFormat,
  drafts: readonly Draft[],
  meta: { currency?: string | undefined; accountId?: string | undefined },
): ParsedStatement => {
  const ids = new ExternalIds(format);
  const transactions = drafts.map((d): ParsedTransaction => {
    const tx: ParsedTransaction = { date: d.date, amount: d.amount, description: d.description, externalId: "" };
    if (d.merchant !== undefined) tx.merchant = d.merchant;
    if (d.notes !== undefined) tx.notes = d.notes;
    tx.externalId = ids.next(d, d.nativeId);
    return tx;
  });
  const result: ParsedStatement = { format, transactions };
  if (meta.currency) result.currency = meta.currency;
  if (meta.accountId) result.accountId = meta.accountId;
  return result;
};
