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

/**
 * A record the file holds that is deliberately not imported as a transaction (a CAMT entry
 * with status INFO, a CSV row with a date but no amount, an investment trade in a QIF file),
 * with where it is and why. Reported to the person, never dropped silently.
 */
export type SkippedRecord = { path: string; reason: string };

/** One account's statement found in a file; a file may hold statements of several accounts. */
export type StatementSummary = {
  /** 1-based position in the file: what the `statement` option takes besides an account number. */
  index: number;
  /** Account number / IBAN the statement states, when it does. */
  accountNumber?: string;
  /** What kind of account the format says it is, when it says (OFX: bank, creditcard, investment). */
  kind?: string;
  currency?: string;
  /** How many records (transactions) the statement holds. */
  records: number;
};

/**
 * A parsed file: the transactions of one account's statement (the only one, or the one chosen
 * by `ParseOptions.statement` / `accountNumber`). Several statements of the same account (daily
 * MT940 messages, several CAMT `<Stmt>` or OFX `<BANKTRANLIST>` blocks) are one statement.
 *
 * The accounting invariant: `transactions.length + skipped.length === seen`. A record that can
 * be neither (a bad amount, a bad date) makes the whole parse throw VALIDATION naming it.
 */
export type ParsedStatement = {
  format: ImportFormat;
  /** Statement currency when the file states one (and only one). */
  currency?: string;
  /** Account number / IBAN of the imported statement, when the file states one. */
  accountId?: string;
  transactions: ParsedTransaction[];
  /** Records the imported statement holds (OFX `<STMTTRN>`, QIF records, MT940 `:61:`, CAMT entry details, CSV data rows). */
  seen: number;
  /** Records seen but deliberately not transactions, each with its reason. */
  skipped: SkippedRecord[];
  /** Every statement the file holds (one for CSV and QIF). */
  statements: StatementSummary[];
};

/** What every parser needs besides the content. */
export type ParseOptions = {
  /** The target account's currency: used when the file does not say. */
  currency: string;
  /**
   * Which statement to import when the file holds several accounts' statements: an account
   * number (as the file writes it) or a 1-based index from the error that lists them.
   */
  statement?: string | undefined;
  /** The target account's stored account number: picks the statement that states it. */
  accountNumber?: string | undefined;
};
