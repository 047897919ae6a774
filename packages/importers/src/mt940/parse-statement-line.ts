import { daysInMonth, expandYear, isoDate } from "../dates/iso-date.ts";

/** The parts of a `:61:` statement line. */
export type StatementLine = {
  /** Booking (entry) date when given, else the value date; ISO. */
  date: string;
  sign: 1 | -1;
  /** Amount as written, comma decimal ("1213,28", "9,"). */
  amount: string;
  customerRef: string;
  bankRef: string;
  /** The optional second line ("911-TRANSAKCJA IPH"). */
  supplementary: string;
};

const DIGITS = /^\d+$/;
const AMOUNT = /^[\d,]+/;
const TYPE = /^[A-Z][A-Z0-9 ]{3}/;
const SIGNS: Readonly<Record<string, 1 | -1>> = { C: 1, D: -1, RC: -1, RD: 1, EC: 1, ED: -1 };

/**
 * Reads `:61:` — value date YYMMDD, optional entry date MMDD, mark (C, D, RC/RD reversals, EC/ED
 * expected), optional funds-code letter, amount, transaction type, customer ref `//` bank ref.
 * Returns an error message instead of throwing so the caller can name the line.
 */
export const parseStatementLine = (raw: string): StatementLine | string => {
  const [first = "", ...more] = raw.split("\n");
  // Sparkasse breaks the line between the mark and the amount: rejoin when the amount is missing.
  const text =
    /^\d{6}(\d{4})?R?[CD][A-Z]?$/.test(first.trim()) && more.length ? first.trim() + (more.shift() ?? "") : first;
  const valueDate = valueDateOf(text.slice(0, 6));
  if (!valueDate) return `value date "${text.slice(0, 6)}" is not a YYMMDD date`;
  const hasEntryDate = DIGITS.test(text.slice(6, 10));
  let i = hasEntryDate ? 10 : 6;
  const mark = text[i] === "R" || text[i] === "E" ? text.slice(i, i + 2) : (text[i] ?? "");
  const sign = SIGNS[mark];
  if (sign === undefined) return `"${text.slice(i, i + 2)}" is not a debit/credit mark (C, D, RC, RD)`;
  i += mark.length;
  if (/[A-Z]/.test(text[i] ?? "")) i++; // funds code: third letter of the currency code
  const amount = AMOUNT.exec(text.slice(i))?.[0];
  if (!amount || !/\d/.test(amount)) return `no amount after the "${mark}" mark`;
  i += amount.length;
  const rest = text.slice(i).replace(TYPE, "");
  const [customerRef = "", bankRef = ""] = rest.split("//", 2);
  return {
    date: hasEntryDate ? entryDate(valueDate, text.slice(6, 10)) : valueDate.iso,
    sign,
    amount,
    customerRef: customerRef.trim(),
    bankRef: bankRef.trim(),
    supplementary: more.join(" ").trim(),
  };
};

type ValueDate = { iso: string; y: number; m: number; d: number };

// Banks compute interest on 30-day months and write "160230"; read it as the month's last day.
const valueDateOf = (yymmdd: string): ValueDate | undefined => {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const y = expandYear(Number(yymmdd.slice(0, 2)));
  const m = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  const d = m >= 1 && m <= 12 && day > daysInMonth(y, m) && day <= 31 ? daysInMonth(y, m) : day;
  const iso = isoDate(y, m, d);
  return iso ? { iso, y, m, d } : undefined;
};

/** MMDD has no year: take the year that puts it nearest the value date (Dec 31 value, Jan 2 entry). */
const entryDate = (value: ValueDate, mmdd: string): string => {
  const m = Number(mmdd.slice(0, 2));
  const d = Number(mmdd.slice(2, 4));
  const base = Date.UTC(value.y, value.m - 1, value.d);
  let best: string | undefined;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const y of [value.y - 1, value.y, value.y + 1]) {
    const iso = isoDate(y, m, d);
    const gap = iso ? Math.abs(Date.UTC(y, m - 1, d) - base) : Number.POSITIVE_INFINITY;
    if (iso && gap < bestGap) [best, bestGap] = [iso, gap];
  }
  return best ?? value.iso; // an impossible entry date (0230) falls back to the value date
};
