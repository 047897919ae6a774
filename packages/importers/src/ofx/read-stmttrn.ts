import { cleanText, currencyCode, NO_DESCRIPTION } from "../clean-text.ts";
import { type Draft, draft } from "../draft.ts";
import type { IssueList } from "../issues.ts";
import { child, type MarkupNode, textAt } from "../markup/markup-node.ts";
import { parsePlainAmount } from "../parse-plain-amount.ts";
import { readOfxDate } from "./ofx-date.ts";

// The field's own line when it is there, else the transaction's.
const where = (trn: MarkupNode, field: string): string =>
  `line ${child(trn, field)?.line ?? trn.line} / STMTTRN.${field}`;

/**
 * One `<STMTTRN>` as a draft, or undefined after recording why not. A `<CURRENCY>` aggregate
 * means the amounts are in that currency (ORIGCURRENCY would mean already converted to CURDEF).
 */
export const readStmtTrn = (trn: MarkupNode, statementCurrency: string, issues: IssueList): Draft | undefined => {
  const date = readDate(trn, issues);
  const currency = currencyCode(textAt(trn, "CURRENCY", "CURSYM")) ?? statementCurrency;
  const rawAmount = textAt(trn, "TRNAMT");
  if (rawAmount === undefined) issues.add(where(trn, "TRNAMT"), "missing or empty");
  const amount = rawAmount === undefined ? undefined : parsePlainAmount(rawAmount, currency);
  if (typeof amount === "string") issues.add(where(trn, "TRNAMT"), amount);
  if (date === undefined || amount === undefined || typeof amount === "string") return undefined;
  const name = cleanText(textAt(trn, "NAME") ?? textAt(trn, "PAYEE", "NAME"));
  const memo = cleanText(textAt(trn, "MEMO"));
  return draft({
    date,
    amount,
    description: name ?? memo ?? NO_DESCRIPTION,
    merchant: name,
    notes: memo,
    nativeId: textAt(trn, "FITID"),
  });
};

// DTPOSTED is the booking date; DTUSER (the card swipe) only stands in when a bank omits it.
const readDate = (trn: MarkupNode, issues: IssueList): string | undefined => {
  const field = textAt(trn, "DTPOSTED") === undefined && textAt(trn, "DTUSER") !== undefined ? "DTUSER" : "DTPOSTED";
  const raw = textAt(trn, field);
  if (raw === undefined) {
    issues.add(where(trn, "DTPOSTED"), "missing or empty");
    return undefined;
  }
  const date = readOfxDate(raw);
  if (typeof date === "string") return date;
  issues.add(where(trn, field), date.problem);
  return undefined;
};
