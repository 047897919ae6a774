import { findDates, firstDate } from "../dates-in-text.ts";
import { labelValue } from "../labels.ts";
import { type FoundAmount, findAmounts, signed } from "../money-in-text.ts";
import type { MailContent } from "../read-message.ts";
import { clean, type ExtractedTransaction, type ExtractOutcome, fromDomain, type SenderTemplate } from "./template.ts";

/**
 * PayPal receipts. The first sentence says what happened: "You sent / authorised a payment of
 * £4.49 GBP to La Barbiera", "You submitted an order amounting to 32.00 GBP to Boots.com",
 * "you have donated £50.00 GBP to Anxiety UK", "You received a payment of £3.41 GBP from …".
 * "You sent a total of £16.48 GBP" is a basket paid to several sellers at once: one transaction
 * per seller block ("Transaction ID"), each with its own amount, so the sum matches the total.
 */
const match = (mail: MailContent): "sender" | "body" | undefined => {
  if (fromDomain(mail.fromAddress, "paypal.co.uk", "paypal.com", "paypal.de", "paypal.fr")) return "sender";
  return /PayPal/.test(mail.text) && /Transaction ID/i.test(mail.text) ? "body" : undefined;
};

const AMOUNT = "(.{1,30}?)";
// Counterparty: up to an e-mail address in parentheses, a line end, or " using PayPal".
const PARTY = "([^\\n(]{1,120}?)\\s*(?:\\(|\\n|$| using PayPal)";
const SENTENCES: readonly { pattern: RegExp; out: boolean; what: string }[] = [
  {
    pattern: new RegExp(`You(?: have|'ve)? sent a payment of ${AMOUNT} to ${PARTY}`, "iu"),
    out: true,
    what: "payment to",
  },
  { pattern: new RegExp(`You authori[sz]ed a payment of ${AMOUNT} to ${PARTY}`, "iu"), out: true, what: "payment to" },
  {
    pattern: new RegExp(`You submitted an order amounting to ${AMOUNT} to ${PARTY}`, "iu"),
    out: true,
    what: "order from",
  },
  { pattern: new RegExp(`you (?:have )?donated ${AMOUNT} to ${PARTY}`, "iu"), out: true, what: "donation to" },
  { pattern: new RegExp(`You received a payment of ${AMOUNT} from ${PARTY}`, "iu"), out: false, what: "payment from" },
  { pattern: new RegExp(`You received a refund of ${AMOUNT} from ${PARTY}`, "iu"), out: false, what: "refund from" },
];

const transactionDate = (text: string): string | undefined =>
  firstDate(labelValue(text, /Transaction date/, { colon: false })) ??
  firstDate(/Date:\s*([^\n]+)/.exec(text)?.[1]) ??
  findDates(text)[0]?.date;

const item = (
  date: string | undefined,
  amount: FoundAmount,
  out: boolean,
  what: string,
  party: string | undefined,
  confidence: number,
): ExtractedTransaction => ({
  date,
  amount: signed(amount, out),
  currency: amount.money.currency,
  description: party ? `PayPal ${what} ${party}` : `PayPal ${what.split(" ")[0]}`,
  merchant: party ?? null,
  accountHint: null,
  confidence,
});

/** "You sent a total of …": one transaction per "Transaction ID" block. */
const basket = (text: string, total: FoundAmount): ExtractOutcome => {
  const found = [...text.matchAll(/Transaction ID:?\s*([A-Z0-9-]+)/g)];
  const ids = found.map((m) => m.index ?? 0);
  const items: ExtractedTransaction[] = [];
  // Some receipts repeat their whole text in a hidden preheader: each transaction once.
  const seen = new Set<string>();
  for (const [i, at] of ids.entries()) {
    const id = found[i]?.[1] ?? "";
    if (seen.has(id)) continue;
    seen.add(id);
    const block = text.slice(at, ids[i + 1] ?? text.length);
    const before = text.slice(i === 0 ? 0 : (ids[i - 1] ?? 0), at);
    const paid = /"?Payment"?\s*((?:[-£$€]|[A-Z]{3})[^\n]{0,20})/.exec(block)?.[1];
    const amount = paid === undefined ? undefined : findAmounts(paid)[0];
    if (!amount) continue;
    let seller: string | undefined;
    for (const m of before.matchAll(
      /(?:eBay seller(?! ID)|"Seller"(?:"Note to seller")?|Seller)\s*\n?\s*([^\n]{1,120}?)(?:You haven't included a note\.|\n|"eBay seller ID"|$)/g,
    )) {
      seller = clean(m[1]);
    }
    const date = firstDate(/Date:\s*([^\n]{0,40})/.exec(block)?.[1]) ?? transactionDate(text);
    items.push(item(date, amount, true, "payment to", seller, 0.93));
  }
  if (items.length === 0) return { kind: "skipped", reason: "no amount found" };
  const sum = items.reduce((s, t) => s + BigInt(t.amount.replace(/[-.]/g, "")), 0n);
  // Blocks that do not add up to the stated total were misread somewhere: say so in the confidence.
  if (sum !== total.money.minor) for (const t of items) t.confidence = 0.6;
  return { kind: "transactions", items };
};

const extract = (mail: MailContent): ExtractOutcome => {
  const { text } = mail;
  const totalOf = /You sent a total of ([^\n]{1,30})/iu.exec(text);
  const basketTotal = totalOf ? findAmounts(totalOf[1] ?? "")[0] : undefined;
  if (basketTotal) return basket(text, basketTotal);
  for (const s of SENTENCES) {
    const m = s.pattern.exec(text);
    const amount = m ? findAmounts(m[1] ?? "")[0] : undefined;
    if (m && amount) {
      return { kind: "transactions", items: [item(transactionDate(text), amount, s.out, s.what, clean(m[2]), 0.95)] };
    }
  }
  // Receipt layout without a sentence: "Payment to: <name>" and the "Total".
  const payee = clean(labelValue(text, /Payment to/));
  const total = findAmounts(labelValue(text, /Total/, { colon: false }) ?? "")[0];
  if (payee && total)
    return { kind: "transactions", items: [item(transactionDate(text), total, true, "payment to", payee, 0.9)] };
  return { kind: "skipped", reason: "not a receipt" };
};

export const paypalReceipt: SenderTemplate = { id: "paypal-receipt", matches: match, extract };
