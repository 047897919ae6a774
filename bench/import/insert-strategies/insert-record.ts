import { type ImportRow, type ImportTarget, withoutNul } from "@fincoach/domain";

/** The columns the benchmark's insert strategies write, in the order COPY writes them. */
export const INSERT_COLUMNS = [
  "user_id",
  "account_id",
  "import_id",
  "currency",
  "date",
  "amount_minor",
  "description",
  "merchant",
  "notes",
  "external_id",
] as const;

/** A row as the batched and row-at-a-time paths send it (bigint as text: exact, and typed by the column). */
export const toInsertRecord = (t: ImportTarget, r: ImportRow) => ({
  user_id: t.userId,
  account_id: t.accountId,
  import_id: t.importId,
  currency: t.currency,
  date: r.date,
  amount_minor: r.amountMinor.toString(),
  description: withoutNul(r.description),
  merchant: r.merchant == null ? null : withoutNul(r.merchant),
  notes: r.notes == null ? null : withoutNul(r.notes),
  external_id: r.externalId,
});
