import { formatDecimal } from "@fincoach/money";
import type { ExportRow } from "./export-rows.ts";

export const CSV_HEADER = "date,amount,currency,description,merchant,category,notes,tags,account,id\r\n";

/** Cells a spreadsheet would run as a formula (or DDE command) when they start with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Prefixes a would-be formula with `'` so spreadsheets show it as text (OWASP CSV injection). */
export const defuseFormula = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
export const csvQuote = (s: string): string => (NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** A cell of text that came from a person or a bank: defused, then quoted as needed. */
export const textCell = (s: string | null | undefined): string => (s ? csvQuote(defuseFormula(s)) : "");

/**
 * One CSV record. Amounts are decimal strings we format ourselves (a leading minus is a
 * number, not a formula, so they are never defused); every free-text cell is.
 */
export const toCsvLine = (r: ExportRow): string =>
  `${[
    r.date,
    formatDecimal({ minor: BigInt(r.amountMinor), currency: r.currency }),
    r.currency,
    textCell(r.description),
    textCell(r.merchant),
    textCell(r.category),
    textCell(r.notes),
    textCell(r.tags.join(";")),
    textCell(r.accountName),
    r.id,
  ].join(",")}\r\n`;
