/** Options for reading one mail. */
export type EmailParseOptions = {
  /** When the mail arrived (IMAP INTERNALDATE): the date of last resort, after the body's and the Date header's. */
  receivedAt?: Date | undefined;
  /** ISO 4217 code a bare "$" (or "kr") means for this mailbox, e.g. "MXN"; without it "$" is USD at lower confidence. */
  defaultCurrency?: string | undefined;
};

/** One transaction read from a mail, before it becomes a row. */
export type EmailTransactionDraft = {
  /** `YYYY-MM-DD`, as the mail states it (sender's calendar day, no time-zone shifting). */
  date: string;
  /** Signed exact decimal text with the currency's exponent ("-63.37", "1000.00"); negative is money out. */
  amount: string;
  /** ISO 4217 code. */
  currency: string;
  /** Never empty. */
  description: string;
  /** Counterparty (shop, payee, payer), or null when the mail names none. */
  merchant: string | null;
  /** Card or account the money moved through, as the mail shows it: usually its last 4 digits ("1629"), or null. */
  accountHint: string | null;
  /**
   * The mail's Message-ID (angle brackets removed). A mail holding several transactions gives
   * its first one the bare id and the n-th `<id>:<n>` (n ≥ 2), as statement imports number repeats.
   */
  externalId: string;
  /** 0–1: how sure the extractor is about this draft (templates ≈ 0.95; the general extractor scores itself). */
  confidence: number;
};

/** One transaction of a mail that could not become a draft, and why; counted by the caller as skipped. */
export type SkippedEmailItem = {
  /** The id the transaction would have had (`<id>` or `<id>:<n>`), so a later read that can date it keeps it. */
  externalId: string;
  reason: string;
};

/**
 * What one mail yields: transactions, or a reason it holds none. Never an exception. A caller
 * counting items counts each draft, each entry of `skipped`, and a skipped mail once.
 */
export type EmailParseResult =
  | {
      kind: "transactions";
      messageId: string;
      /** At least one. */
      drafts: EmailTransactionDraft[];
      /**
       * The mail's other transactions, each left out with its reason (one with no date while its
       * neighbours have theirs). Usually empty.
       */
      skipped: SkippedEmailItem[];
      /** Id of the sender template that read the mail, or null for the general extractor. */
      template: string | null;
      /** The lowest draft confidence. */
      confidence: number;
    }
  | { kind: "skipped"; messageId: string; reason: string };
