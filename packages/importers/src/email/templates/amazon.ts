import { firstDate } from "../dates-in-text.ts";
import { findAmounts, signed } from "../money-in-text.ts";
import type { MailContent } from "../read-message.ts";
import { type ExtractedTransaction, type ExtractOutcome, fromDomain, type SenderTemplate } from "./template.ts";

const ORDER_ID = /Order #\s?(\d{3}-\d{7}-\d{7})/g;
const ORDER_TOTAL = /Order Total:\s*/gi;

/**
 * Amazon order confirmations (amazon.co.uk and sister sites). One mail may confirm several
 * orders ("Your purchase has been divided into 2 orders"), each charged on its own: one
 * transaction per "Order Total", with the order number and "Placed on" date that precede it.
 * Recommendations further down carry prices too; only totals are read.
 */
const match = (mail: MailContent): "sender" | "body" | undefined => {
  if (fromDomain(mail.fromAddress, "amazon.co.uk", "amazon.com", "amazon.de", "amazon.fr", "amazon.es", "amazon.it")) {
    return "sender";
  }
  return /Amazon\.co\.uk|Amazon\.com/.test(mail.text) && /Order Confirmation/i.test(mail.text) ? "body" : undefined;
};

const lastMatch = (re: RegExp, text: string): RegExpExecArray | undefined => {
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(re)) last = m as RegExpExecArray;
  return last;
};

const extract = (mail: MailContent): ExtractOutcome => {
  const { text } = mail;
  const items: ExtractedTransaction[] = [];
  let from = 0;
  for (const total of text.matchAll(ORDER_TOTAL)) {
    const at = total.index ?? 0;
    const region = text.slice(from, at);
    const amount = findAmounts(text.slice(at + total[0].length, at + total[0].length + 40))[0];
    from = at + total[0].length;
    if (!amount) continue;
    const orderId = lastMatch(ORDER_ID, region)?.[1];
    const placed = lastMatch(/Placed on\s+([^\n]+)/gi, region)?.[1];
    items.push({
      date: firstDate(placed),
      amount: signed(amount, true),
      currency: amount.money.currency,
      description: orderId ? `Amazon order ${orderId}` : "Amazon order",
      merchant: "Amazon",
      accountHint: null,
      confidence: placed ? 0.96 : 0.9,
    });
  }
  return items.length > 0 ? { kind: "transactions", items } : { kind: "skipped", reason: "not a receipt" };
};

export const amazonOrder: SenderTemplate = { id: "amazon-order", matches: match, extract };
