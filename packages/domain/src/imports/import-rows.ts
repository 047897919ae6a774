/** One statement line ready to store, its amount already in the account's currency (minor units). */
export type ImportRow = {
  date: string;
  amountMinor: bigint;
  description: string;
  merchant?: string | null | undefined;
  notes?: string | null | undefined;
  externalId: string;
};

/** Where imported rows go: whose, which account, which import record, and the account's currency. */
export type ImportTarget = { userId: string; accountId: string; importId: string; currency: string };

/** `inserted` new rows; `duplicates` rows whose external id already existed (or repeated within the batch). */
export type InsertCounts = { inserted: number; duplicates: number };

/** Postgres text can't hold NUL; a stray one in a bank file must not fail the whole import. */
export const withoutNul = (s: string): string => (s.includes("\u0000") ? s.replaceAll("\u0000", "") : s);

/** The columns every insert path writes, in one order, so COPY, batched and row-at-a-time agree. */
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
