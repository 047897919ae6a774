import { formatDecimal } from "@fincoach/money";
import { accountNoticeReason } from "../account-notice.ts";
import { firstDate } from "../dates-in-text.ts";
import { labelValue, lastFour } from "../labels.ts";
import { type FoundAmount, firstAmount, signed } from "../money-in-text.ts";
import type { MailContent } from "../read-message.ts";
import { clean, type ExtractedTransaction, type ExtractOutcome, fromDomain, type SenderTemplate } from "./template.ts";

const CONFIDENCE = 0.97;
const MXN = { defaultCurrency: "MXN" };

/**
 * Banorte (Mexico) alert mails come in three layouts:
 * - "Le notificamos que se ha registrado un cargo a su cuenta …": card purchases ("COMPRA EN
 *   <shop>"), ATM withdrawals, service payments; Operacion / Fecha de Aplicacion / Importe.
 * - Banorte Móvil and phone-banking receipts ("La siguiente operación ha sido registrada en …"):
 *   transfers, card payments, phone top-ups, deposit instructions, and account notices, told
 *   apart by the Operación value.
 * - SPEI income and returns ("Se realizo un ABONO [por devolucion] SPEI de $ … el dd/MMM/yyyy").
 * Amounts are "$ 63.37 MN" (moneda nacional) or "$100.00 MXN".
 */
const match = (mail: MailContent): "sender" | "body" | undefined => {
  if (fromDomain(mail.fromAddress, "banorte.com", "banorte.com.mx")) return "sender";
  return /Banorte/.test(mail.text) && /(?:Operaci[oó]n:|ABONO (?:por devolucion )?SPEI|nuevo NIP)/iu.test(mail.text)
    ? "body"
    : undefined;
};

/** Operaciones that move money, and which way; anything else with an Importe is read as money out, less surely. */
const OPERATIONS: readonly { pattern: RegExp; out: boolean; merchantLabel?: RegExp; conceptLabel?: RegExp }[] = [
  {
    pattern: /^transferencias? /iu,
    out: true,
    merchantLabel: /Nombre del Beneficiario/,
    conceptLabel: /Concepto de Pago/,
  },
  { pattern: /^pago de tarjeta/iu, out: true, merchantLabel: /Nombre del Beneficiario/ },
  { pattern: /^compra de tiempo aire/iu, out: true, merchantLabel: /Empresa/ },
  // A deposit instruction sends money to another bank's account: the devolution mails return it.
  {
    pattern: /^instrucci[oó]n de dep[oó]sito/iu,
    out: true,
    merchantLabel: /Nombre del Remitente/,
    conceptLabel: /Mensaje/,
  },
  { pattern: /^pago de servicio/iu, out: true, merchantLabel: /Empresa|Servicio/ },
];

const hintOf = (text: string): string | null =>
  lastFour(labelValue(text, /Cuenta Origen/)) ??
  lastFour(/(?:a su cuenta|con tu cuenta|a tu cuenta|a la cuenta)\s*-?\s*([*\d]+)/iu.exec(text)?.[1]) ??
  lastFour(labelValue(text, /N[uú]mero de Cuenta/)) ??
  lastFour(labelValue(text, /No\.? Tarjeta|N[uú]mero de Tarjeta/));

const tx = (
  date: string | undefined,
  amount: FoundAmount,
  out: boolean,
  description: string,
  merchant: string | undefined,
  accountHint: string | null,
  confidence = CONFIDENCE,
): ExtractedTransaction => ({
  date,
  amount: signed(amount, out),
  currency: amount.money.currency,
  description,
  merchant: merchant ?? null,
  accountHint,
  confidence,
});

/** "Comisión" and "IVA Comisión" of a transfer, as one fee transaction when not zero. */
const feeOf = (
  text: string,
  date: string | undefined,
  operation: string,
  hint: string | null,
): ExtractedTransaction[] => {
  const fee = firstAmount(labelValue(text, /Comisi[oó]n/), MXN);
  const vat = firstAmount(labelValue(text, /IVA Comisi[oó]n/), MXN);
  if (!fee) return [];
  const total = { minor: fee.money.minor + (vat?.money.minor ?? 0n), currency: fee.money.currency };
  if (total.minor === 0n) return [];
  const amount = { ...fee, money: total, decimal: formatDecimal(total) };
  return [tx(date, amount, true, `Comisión + IVA: ${operation}`, "Banorte", hint)];
};

const extract = (mail: MailContent): ExtractOutcome => {
  const { text } = mail;
  const spei = /ABONO (por devolucion )?SPEI de (\$ ?[\d,]+\.\d{2} ?MN)\s+el\s+(\d{1,2}\/\p{L}{3}\/\d{4})/iu.exec(text);
  if (spei) {
    const amount = firstAmount(spei[2], MXN);
    if (!amount) return { kind: "skipped", reason: "no amount found" };
    const description = spei[1] ? "Devolución SPEI" : "Abono SPEI";
    return {
      kind: "transactions",
      items: [tx(firstDate(spei[3]), amount, false, description, undefined, hintOf(text))],
    };
  }
  const operation = clean(labelValue(text, /Operaci[oó]n/)) ?? clean(labelValue(text, /Descripcion/));
  const notice = accountNoticeReason(operation ? `Operación: ${operation}` : text);
  if (notice) return { kind: "skipped", reason: notice };
  if (!operation) return { kind: "skipped", reason: "no operation found" };
  const amountText = labelValue(text, /Importe/) ?? labelValue(text, /Retiro Cuenta|Monto/);
  const amount = firstAmount(amountText, MXN);
  if (!amount) return { kind: "skipped", reason: `account notice: ${operation}` };
  const date =
    firstDate(labelValue(text, /Fecha de Aplicaci[oó]n|Fecha aplicaci[oó]n/)) ??
    firstDate(labelValue(text, /Fecha (?:y hora )?de (?:la )?Operaci[oó]n|Fecha de Instrucci[oó]n/));
  const hint = hintOf(text);

  // The "cargo a su cuenta" layout and the ATM withdrawal: always money out.
  if (/registrado un cargo|retiro de efectivo/iu.test(text)) {
    const shop = /^COMPRA EN (.+)$/iu.exec(operation)?.[1];
    return { kind: "transactions", items: [tx(date, amount, true, operation, clean(shop), hint)] };
  }
  const known = OPERATIONS.find((o) => o.pattern.test(operation));
  const merchant = known?.merchantLabel ? clean(labelValue(text, known.merchantLabel)) : undefined;
  const concept = known?.conceptLabel ? clean(labelValue(text, known.conceptLabel)) : undefined;
  const description = concept ? `${operation}: ${concept}` : operation;
  const main = tx(date, amount, known?.out ?? true, description, merchant, hint, known ? CONFIDENCE : 0.7);
  return { kind: "transactions", items: [main, ...feeOf(text, date, operation, hint)] };
};

export const banorteAlert: SenderTemplate = { id: "banorte-alert", matches: match, extract };
