import { DecimalParseError, type DecimalSeparator, type Money, parseAmountText } from "@fincoach/money";
import { cleanText, currencyCode, NO_DESCRIPTION } from "../clean-text.ts";
import type { DateOrder } from "../dates/date-order.ts";
import { DATE_RANGE_MESSAGE, isDateInRange } from "../dates/date-range.ts";
import { type Draft, draft } from "../draft.ts";
import { fastAmount } from "../fast-amount.ts";
import type { IssueList } from "../issues.ts";
import { directionSign } from "./direction-words.ts";
import type { Columns } from "./resolve-columns.ts";

/** What every row of one file is read with. */
export type RowContext = {
  columns: Columns;
  dateOrder: DateOrder;
  /** `parseDate` in `dateOrder`, memoised. */
  parseDate: (text: string) => string | undefined;
  /** The file's decimal separator; undefined when no amount in the file has one. */
  decimalSeparator: DecimalSeparator | undefined;
  currency: string;
  invertSign: boolean;
  issues: IssueList;
};

const cell = (row: readonly string[], col: number | undefined): string =>
  col === undefined ? "" : (row[col] ?? "").trim();

const ORDER_NAMES: Readonly<Record<DateOrder, string>> = { DMY: "DD/MM/YYYY", MDY: "MM/DD/YYYY", YMD: "YYYY-MM-DD" };

/** One data row as a draft, or undefined after recording each bad field against its line. */
export const readCsvRow = (row: readonly string[], line: number, ctx: RowContext): Draft | undefined => {
  const { columns: cols, issues } = ctx;
  const rawDate = cell(row, cols.date);
  const date = rawDate ? ctx.parseDate(rawDate) : undefined;
  if (!rawDate) issues.add(`line ${line} / date`, "empty");
  else if (!date) issues.add(`line ${line} / date`, `"${rawDate}" is not a valid ${ORDER_NAMES[ctx.dateOrder]} date`);
  else if (!isDateInRange(date)) issues.add(`line ${line} / date`, `"${rawDate}" ${DATE_RANGE_MESSAGE}`);
  const currency = rowCurrency(row, line, ctx);
  const amount = currency ? readAmount(row, line, currency, ctx) : undefined;
  if (!date || !amount || !isDateInRange(date)) return undefined;
  const merchant = cleanText(cell(row, cols.merchant));
  const notes = cleanText(cell(row, cols.notes));
  return draft({
    date,
    amount: ctx.invertSign ? { minor: -amount.minor, currency: amount.currency } : amount,
    description: cleanText(cell(row, cols.description)) ?? merchant ?? notes ?? NO_DESCRIPTION,
    merchant,
    notes,
    nativeId: cell(row, cols.reference),
  });
};

const rowCurrency = (row: readonly string[], line: number, ctx: RowContext): string | undefined => {
  const raw = cell(row, ctx.columns.currency);
  if (!raw) return ctx.currency;
  const code = currencyCode(raw);
  if (!code) ctx.issues.add(`line ${line} / currency`, `"${raw}" is not an ISO 4217 currency code`);
  return code;
};

const readAmount = (row: readonly string[], line: number, currency: string, ctx: RowContext): Money | undefined => {
  const { amount, debit, credit } = ctx.columns;
  if (amount !== undefined) return signedAmount(row, line, currency, ctx);
  const out = debit === undefined ? "" : cell(row, debit);
  const inn = credit === undefined ? "" : cell(row, credit);
  const o = out ? money(out, line, "debit", currency, ctx) : { minor: 0n, currency };
  const i = inn ? money(inn, line, "credit", currency, ctx) : { minor: 0n, currency };
  if (!o || !i) return undefined;
  return { minor: abs(i.minor) - abs(o.minor), currency };
};

const signedAmount = (row: readonly string[], line: number, currency: string, ctx: RowContext): Money | undefined => {
  const m = money(cell(row, ctx.columns.amount), line, "amount", currency, ctx);
  if (!m || ctx.columns.direction === undefined) return m;
  const word = cell(row, ctx.columns.direction);
  const sign = directionSign(word);
  if (sign !== undefined) return { minor: BigInt(sign) * abs(m.minor), currency };
  if (ctx.columns.directionStrict && word) {
    ctx.issues.add(`line ${line} / direction`, `"${word}" is neither a debit nor a credit marker`);
  }
  return m;
};

const money = (raw: string, line: number, field: string, currency: string, ctx: RowContext): Money | undefined => {
  const fast = fastAmount(raw, currency, ctx.decimalSeparator);
  if (fast) return fast;
  try {
    return parseAmountText(raw, { currency, decimalSeparator: ctx.decimalSeparator });
  } catch (e) {
    if (!(e instanceof DecimalParseError)) throw e;
    ctx.issues.add(`line ${line} / ${field}`, e.message);
    return undefined;
  }
};

const abs = (n: bigint): bigint => (n < 0n ? -n : n);
