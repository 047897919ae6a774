import { DecimalParseError, type DecimalSeparator, type Money, parseAmountText } from "@fincoach/money";
import { cleanText, NO_DESCRIPTION } from "../clean-text.ts";
import { type DateOrder, orderEvidence, parseDate } from "../dates/date-order.ts";
import { DATE_RANGE_MESSAGE, isDateInRange } from "../dates/date-range.ts";
import { DecimalSeparatorVote } from "../decimal-separator-vote.ts";
import { decodeText } from "../decode-text.ts";
import { type Draft, draft } from "../draft.ts";
import { finishStatement } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import type { ParsedStatement, ParseOptions, SkippedRecord } from "../types.ts";
import { type QifRecord, readQifRecords } from "./read-qif-records.ts";

const INVESTMENT = "an investment record (!Type:Invst): trades and positions are not imported";

/** Where QIF amounts are read in a file type with no way to state its decimal separator. */
type ReadContext = { order: DateOrder; currency: string; decimalSeparator: DecimalSeparator | undefined };

/**
 * Parses QIF (Quicken Interchange Format) bank, cash and card sections. QIF states no currency
 * and no ids, so amounts take the account's currency and ids are content hashes. The date order
 * is sniffed across the whole file ("22/12/2017" makes every date day-first); apostrophe years
 * ("2/10'2020", "1/ 1'00") are understood; the decimal separator is decided by the file's own
 * amounts. Every record of a transaction section is counted: bank-like ones become transactions,
 * investment ones (`!Type:Invst`) are `skipped` with their line.
 */
export const parseQif = (content: string | Uint8Array, options: ParseOptions): ParsedStatement => {
  const text = decodeText(content);
  if (text.trim() === "") fail("file", "the file is empty");
  const { records, investmentLines, sawHeader } = readQifRecords(text);
  if (!sawHeader) fail("file", 'no "!Type:" header: not a QIF file');
  if (records.length === 0 && investmentLines.length > 0) {
    fail("file", "the file holds only investment transactions (!Type:Invst), which are not imported");
  }
  const ctx: ReadContext = {
    order: sniffOrder(records, options.currency),
    currency: options.currency,
    decimalSeparator: decideSeparator(records),
  };
  const issues = new IssueList();
  const drafts: Draft[] = [];
  for (const record of records) {
    if (issues.full) break;
    const d = readRecord(record, ctx, issues);
    if (d) drafts.push(d);
  }
  issues.throwIfAny("invalid QIF file");
  const skipped = investmentLines.map((line): SkippedRecord => ({ path: `line ${line}`, reason: INVESTMENT }));
  return finishStatement("qif", drafts, { seen: records.length + skipped.length, skipped });
};

const sniffOrder = (records: readonly QifRecord[], currency: string): DateOrder => {
  for (const r of records) {
    const evidence = r.date && orderEvidence(r.date.value);
    if (evidence) return evidence;
  }
  return currency === "USD" ? "MDY" : "DMY";
};

const decideSeparator = (records: readonly QifRecord[]): DecimalSeparator | undefined => {
  const vote = new DecimalSeparatorVote();
  for (const r of records) if (r.amount) vote.add(r.amount.value, r.amount.line, "T");
  return vote.decide({
    name: "the file",
    howToGive: "QIF cannot state its decimal separator, so export amounts with their decimals (1,234.00)",
  });
};

const readRecord = (r: QifRecord, ctx: ReadContext, issues: IssueList): Draft | undefined => {
  const date = r.date ? parseDate(r.date.value, ctx.order) : undefined;
  if (!r.date) issues.add(`line ${r.line} / D`, "the transaction has no date (D line)");
  else if (!date) issues.add(`line ${r.date.line} / D`, `"${r.date.value}" is not a valid date`);
  else if (!isDateInRange(date)) issues.add(`line ${r.date.line} / D`, `"${r.date.value}" ${DATE_RANGE_MESSAGE}`);
  const amount = readAmount(r, ctx, issues);
  if (!date || !amount || !isDateInRange(date)) return undefined;
  const payee = cleanText(r.payee);
  const memo = cleanText(r.memo);
  return draft({ date, amount, description: payee ?? memo ?? NO_DESCRIPTION, merchant: payee, notes: memo });
};

const readAmount = (r: QifRecord, ctx: ReadContext, issues: IssueList): Money | undefined => {
  if (!r.amount) {
    issues.add(`line ${r.line} / T`, "the transaction has no amount (T line)");
    return undefined;
  }
  try {
    return parseAmountText(r.amount.value, { currency: ctx.currency, decimalSeparator: ctx.decimalSeparator });
  } catch (e) {
    if (!(e instanceof DecimalParseError)) throw e;
    issues.add(`line ${r.amount.line} / T`, e.message);
    return undefined;
  }
};
