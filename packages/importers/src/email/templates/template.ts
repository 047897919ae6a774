import type { MailContent } from "../read-message.ts";
import type { EmailParseOptions } from "../types.ts";

/** One transaction as an extractor reads it; the external id is added afterwards. */
export type ExtractedTransaction = {
  /** `YYYY-MM-DD`, or undefined to fall back to the Date header, then `receivedAt`. */
  date: string | undefined;
  amount: string;
  currency: string;
  description: string;
  merchant: string | null;
  accountHint: string | null;
  confidence: number;
};

export type ExtractOutcome =
  | { kind: "transactions"; items: ExtractedTransaction[] }
  | { kind: "skipped"; reason: string };

/** A known sender's mails, read precisely. */
export type SenderTemplate = {
  /** Stable id reported in `EmailParseResult.template` ("banorte-alert", "amazon-uk-order", …). */
  id: string;
  /**
   * "sender" when the From address is the sender's own, "body" when only the body's markers
   * say so (a forwarded mail: slightly less sure), undefined when the mail is not this sender's.
   */
  matches: (mail: MailContent) => "sender" | "body" | undefined;
  /** Reads the transactions, or says why there are none ("not a receipt", an account notice). */
  extract: (mail: MailContent, options: EmailParseOptions) => ExtractOutcome;
};

/** True when the address is at `domain` or one of its subdomains. */
export const fromDomain = (address: string, ...domains: string[]): boolean =>
  domains.some((d) => address.endsWith(`@${d}`) || address.endsWith(`.${d}`));

/** Collapses whitespace and trims; undefined for empty or placeholder values. */
export const clean = (value: string | undefined): string | undefined => {
  const v = value?.replace(/\s+/g, " ").trim();
  return v && !/^(?:-+|no capturado\.?|n\/a)$/i.test(v) ? v : undefined;
};
