import { findDates } from "./dates-in-text.ts";
import { lastFour } from "./labels.ts";
import { type FoundAmount, findAmounts, signed } from "./money-in-text.ts";
import type { MailContent } from "./read-message.ts";
import type { ExtractedTransaction, ExtractOutcome } from "./templates/template.ts";
import type { EmailParseOptions } from "./types.ts";

// Words that make the amount beside them the transaction's, in English and Spanish.
const TOTAL_WORDS =
  /\b(?:total|amount|charged?|paid|payment|purchase|spent|debited|credited|received|refund(?:ed)?|importe|monto|cargo|compra|pago|abono|dep[oó]sito|retiro|withdrawal)\b/iu;
// The mail as a whole is about money moving.
const TRANSACTION_WORDS =
  /\b(?:receipt|order|purchase|payment|transaction|charged?|paid|spent|transfer|withdrawal|deposit|refund|invoice|recibo|compra|cargo|pago|transferencia|retiro|dep[oó]sito|abono|movimiento)\b/iu;
// Money coming in rather than going out.
const INCOME_WORDS =
  /\b(?:you received|received a payment|refund(?:ed)?|credited|deposit(?:ed)? (?:to|into)|has been paid to you|abono|reembolso|dep[oó]sito recibido|te enviaron|recibiste)\b/iu;
// Amounts that are not what was paid.
const NOT_PAID =
  /\b(?:balance|saldo|available|disponible|limit|l[ií]mite|savings?|you saved|ahorr|subtotal|vat|iva|tax)\b/iu;

const MERCHANT_PATTERNS: readonly RegExp[] = [
  /\b(?:merchant|comercio|establecimiento|payee|beneficiario|seller|vendedor)\s*:\s*([^\n]{2,60})/iu,
  /\b(?:at|en)\s+([A-Z0-9][A-Za-z0-9&'.*\- ]{1,40}?)(?=\s+(?:on|el|for|por|with|con)\b|[.,;\n]|$)/u,
  /\b(?:to|a)\s+([A-Z][A-Za-z0-9&'.*\- ]{1,40}?)(?=\s+(?:on|el|for|por|with|con)\b|[.,;(\n]|$)/u,
];
const HINT =
  /\b(?:ending(?: in| with)?|ends in|terminaci[oó]n|terminada en|termina en|last (?:4|four) digits?|card|tarjeta|account|cuenta)\s*(?::|no\.?|number)?\s*[*xX•·.\s-]*(\d{4})\b/iu;

/** Scores an amount: beside a total word, not beside a balance word, earlier rather than later. */
const score = (text: string, a: FoundAmount): number => {
  const lineStart = text.lastIndexOf("\n", a.index - 1) + 1;
  const before = text.slice(Math.max(lineStart - 60, 0), a.index);
  let s = 0;
  if (TOTAL_WORDS.test(before)) s += 2;
  if (/\btotal\b/iu.test(before.slice(-30))) s += 1;
  if (NOT_PAID.test(before.slice(-30))) s -= 3;
  if (a.money.minor === 0n) s -= 2;
  return s - a.index / Math.max(text.length, 1);
};

const merchantOf = (text: string): string | undefined => {
  for (const p of MERCHANT_PATTERNS) {
    const m = p.exec(text)?.[1]?.trim();
    if (m && !/^\d+$/.test(m)) return m;
  }
  return undefined;
};

/**
 * Reads an unknown sender's mail: the best-placed amount with a currency mark, its sign from
 * income words, the first date in the body, a merchant after "merchant:", "at"/"en", "to", and a
 * card hint such as "ending in 1234" / "terminación 1234". Its confidence adds up what it found
 * (docs/email-parsing.md): an amount alone is not enough to be sure of a transaction.
 */
export const extractGeneral = (mail: MailContent, options: EmailParseOptions): ExtractOutcome => {
  if (!mail.text.trim()) return { kind: "skipped", reason: "no readable text" };
  const text = mail.subject ? `${mail.subject}\n${mail.text}` : mail.text;
  const amounts = findAmounts(text, options).filter((a) => a.money.minor !== 0n);
  if (amounts.length === 0) return { kind: "skipped", reason: "no amount found" };
  if (!TRANSACTION_WORDS.test(text)) return { kind: "skipped", reason: "not a transaction e-mail" };
  const best = amounts.map((a) => ({ a, s: score(text, a) })).sort((x, y) => y.s - x.s)[0]!;
  const amount = best.a;
  const dates = findDates(mail.text);
  const merchant = merchantOf(text);
  const hint = lastFour(HINT.exec(text)?.[1]);
  const income = INCOME_WORDS.test(text);

  let confidence = 0.35;
  if (best.s >= 2) confidence += 0.2;
  if (amounts.length === 1) confidence += 0.1;
  if (dates[0]) confidence += 0.1;
  if (merchant) confidence += 0.1;
  if (hint) confidence += 0.05;
  if (amount.currencyGuessed) confidence -= 0.15;
  if (amount.separatorAssumed) confidence -= 0.1;
  if (dates[0]?.assumedOrder) confidence -= 0.05;
  const item: ExtractedTransaction = {
    date: dates[0]?.date,
    amount: signed(amount, !income || amount.negative),
    currency: amount.money.currency,
    description: mail.subject.trim() || merchant || "E-mail transaction",
    merchant: merchant ?? null,
    accountHint: hint,
    confidence: Math.round(Math.min(Math.max(confidence, 0.05), 0.85) * 100) / 100,
  };
  return { kind: "transactions", items: [item] };
};
