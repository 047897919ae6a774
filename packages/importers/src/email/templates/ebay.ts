import { lastFour } from "../labels.ts";
import { findAmounts, signed } from "../money-in-text.ts";
import type { MailContent } from "../read-message.ts";
import { type ExtractOutcome, fromDomain, type SenderTemplate } from "./template.ts";

/**
 * eBay order confirmations. A mail may hold items from several sellers but is one card charge:
 * "Total charged to [x -1629]" and the amount on the next line, after postage and adjustments.
 * The body states no order date, so the mail's date is the transaction's (slightly less sure).
 */
const match = (mail: MailContent): "sender" | "body" | undefined => {
  if (fromDomain(mail.fromAddress, "ebay.co.uk", "ebay.com", "ebay.de", "ebay.fr")) return "sender";
  return /eBay/.test(mail.text) && /Total charged to/i.test(mail.text) ? "body" : undefined;
};

const SELLER = /(?:^|\n)(?:Seller|Your seller):\s*\n?([^\n]+)/gi;

const extract = (mail: MailContent): ExtractOutcome => {
  const { text } = mail;
  const charged = /Total charged to([^\n]*)\n?/i.exec(text);
  if (!charged) return { kind: "skipped", reason: "not a receipt" };
  const after = (charged.index ?? 0) + charged[0].length;
  const amount = findAmounts(text.slice(after, after + 40))[0];
  if (!amount) return { kind: "skipped", reason: "no amount found" };
  const sellers = new Set([...text.matchAll(SELLER)].map((m) => (m[1] ?? "").replace(/\s*\(\d+\)\s*$/, "").trim()));
  const orderNumber = /Order number:\s*([\d-]+)/i.exec(text)?.[1];
  const [seller] = sellers;
  return {
    kind: "transactions",
    items: [
      {
        date: undefined,
        amount: signed(amount, true),
        currency: amount.money.currency,
        description: orderNumber ? `eBay order ${orderNumber}` : "eBay order",
        merchant: sellers.size === 1 && seller ? seller : "eBay",
        accountHint: lastFour(charged[1]),
        confidence: 0.9,
      },
    ],
  };
};

export const ebayOrder: SenderTemplate = { id: "ebay-order", matches: match, extract };
