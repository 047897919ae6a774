import { type Money, parseLocaleAmount } from "@fincoach/money";
import { cleanText, NO_DESCRIPTION } from "../clean-text.ts";
import { type DateOrder, orderEvidence, parseDate } from "../dates/date-order.ts";
import { decodeText } from "../decode-text.ts";
import { type Draft, draft } from "../draft.ts";
import { finishStatement } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import { outOfRange } from "../parse-plain-amount.ts";
import type { ParsedStatement, ParseOptions } from "../types.ts";
import { type QifRecord, readQifRecords } from "./read-qif-records.ts";

/**
 * Parses QIF (Quicken Interchange Format) bank, cash and card sections. QIF states no currency
 * and no ids, so amounts take the account's currency and ids are content hashes. The date order
 * is sniffed across the whole file ("22/12/2017" makes every date day-first); apostrophe years
 * ("2/10'2020", "1/ 1'00") are understood.
 */
export const parseQif = (content: string | Uint8Array, options: ParseOptions): ParsedStatement => {
  const text = decodeText(content);
  if (text.trim() === "") fail("file", "the file is empty");
  const { records, investmentRecords, sawHeader } = readQifRecords(text);
  if (!sawHeader) fail("file", 'no "!Type:" header: not a QIF file');
  if (records.length === 0 && investmentRecords > 0) {
    fail("file", "the file holds only investment transactions (!Type:Invst), which are not imported");
  }
  const order = sniffOrder(records, options.currency);
  const issues = new IssueList();
  const drafts: Draft[] = [];
  for (const record of records) {
    if (issues.full) break;
    const d = readRecord(record, order, options.currency, issues);
    if (d) drafts.push(d);
  }
  issues.throwIfAny("invalid QIF file");
  return finishStatement("qif", drafts, {});
};

const sniffOrder = (records: readonly QifRecord[], currency: string): DateOrder => {
  for (const r of records) {
    const evidence = r.date && orderEvidence(r.date.value);
    if (evidence) return evidence;
  }
  return currency === "USD" ? "MDY" : "DMY";
};

const readRecord = (r: QifRecord, order: DateOrder, currency: string, issues: IssueList): Draft | undefined => {
  const date = r.date ? parseDate(r.date.value, order) : undefined;
  if (!r.date) issues.add(`line ${r.line} / D`, "the transaction has no date (D line)");
  else if (!date) issues.add(`line ${r.date.line} / D`, `"${r.date.value}" is not a valid date`);
  const amount = readAmount(r, currency, issues);
  if (!date || !amount) return undefined;
  const payee = cleanText(r.payee);
  const memo = cleanText(r.memo);
  return draft({ date, amount, description: payee ?? memo ?? NO_DESCRIPTION, merchant: payee, notes: memo });
};

const readAmount = (r: QifRecord, currency: string, issues: IssueList): Money | undefined => {
  if (!r.amount) {
    issues.add(`line ${r.line} / T`, "the transaction has no amount (T line)");
    return undefined;
  }
  try {
    const m = parseLocaleAmount(r.amount.value, currency);
    const problem = outOfRange(m);
    if (problem) issues.add(`line ${r.amount.line} / T`, problem);
    return problem ? undefined : m;
  } catch (e) {
    issues.add(`line ${r.amount.line} / T`, (e as Error).message);
    return undefined;
  }
};
