import type { Money } from "@fincoach/money";
import { z } from "zod";

/** The statement formats this package reads. */
export const ImportFormat = z.enum(["csv", "ofx", "qif", "camt", "mt940"]);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** One booked transaction, normalised across formats. */
export type ParsedTransaction = {
  /** Booking date, ISO `YYYY-MM-DD`, as the bank wrote it (no time-zone shifting). */
  date: string;
  /** Signed exact amount: negative is money out. */
  amount: Money;
  /** Never empty: falls back to payee, memo, then "(no description)". */
  description: string;
  /** Payee / counterparty name when the format has one. */
  merchant?: string;
  /** Memo or extra details. */
  notes?: string;
  /** Stable across re-imports of the same or an overlapping file; see README "External ids". */
  externalId: string;
};

/** A parsed file: its transactions flattened across every statement it holds. */
export type ParsedStatement = {
  format: ImportFormat;
  /** Statement currency when the file states one (and only one). */
  currency?: string;
  /** Account number / IBAN when the file states one (and only one). */
  accountId?: string;
  transactions: ParsedTransaction[];
};

/** What every parser needs besides the content. */
export type ParseOptions = {
  /** The target account's currency: used when the file does not say. */
  currency: string;
};
