import { AppError } from "@fincoach/errors";
import { CsvMapping } from "../csv-mapping.ts";
import { cachedDateParser } from "../dates/date-cache.ts";
import { orderFromFormat } from "../dates/date-order.ts";
import { DecimalSeparatorVote } from "../decimal-separator-vote.ts";
import { decodeText } from "../decode-text.ts";
import type { Draft } from "../draft.ts";
import { finishStatement, single } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import type { ParsedStatement, ParseOptions, SkippedRecord } from "../types.ts";
import { readCsv } from "./read-csv.ts";
import { type RowContext, readCsvRow } from "./read-csv-row.ts";
import { type Layout, resolveLayout } from "./resolve-layout.ts";
import { sniffDelimiter } from "./sniff-delimiter.ts";
import { sniffDateOrder } from "./sniff-formats.ts";

const NO_AMOUNT = "no amount: a spacer, pending or cancelled entry, or a note (no money moved)";
const HOW_TO_GIVE_SEPARATOR =
  'set csvMapping.decimalSeparator to "." or "," (the "mapping" form field of the import, e.g. {"decimalSeparator":","})';

/**
 * Parses a bank CSV export. Whatever the mapping leaves out is sniffed: delimiter, header row
 * (after any preamble), columns by header name in several languages, date order; the decimal
 * separator is decided by the file's own amounts (else the mapping's). External ids:
 * `csv:<reference>` when a reference column has a value, else the content hash. Every data row is
 * a record (`seen`): rows with no amount at all (spacers, pending or cancelled entries) are
 * `skipped` with their line; empty rows and repeats of the header are not records. Any other bad
 * cell fails the file, naming its line and field.
 */
export const parseCsv = (
  content: string | Uint8Array,
  options: ParseOptions & { mapping?: CsvMapping | undefined },
): ParsedStatement => {
  const mapping = validMapping(options.mapping);
  const text = decodeText(content);
  if (text.trim() === "") fail("file", "the file is empty");
  const { rows, lines } = readCsv(text, mapping.delimiter ?? sniffDelimiter(text));
  const layout = resolveLayout(rows, mapping);
  const records = recordIndexes(rows, layout);
  const ctx = rowContext(rows, lines, records, layout, mapping, options.currency);
  const drafts: Draft[] = [];
  const skipped: SkippedRecord[] = [];
  for (const r of records) {
    if (ctx.issues.full) break;
    const row = rows[r] as string[];
    const line = lines[r] as number;
    if (hasNoAmount(row, layout)) skipped.push({ path: `line ${line}`, reason: NO_AMOUNT });
    else {
      const d = readCsvRow(row, line, ctx);
      if (d) drafts.push(d);
    }
  }
  ctx.issues.throwIfAny("invalid CSV file");
  const currency = layout.columns.currency === undefined ? undefined : single(drafts.map((d) => d.amount.currency));
  return finishStatement("csv", drafts, { currency, seen: records.length, skipped });
};

const validMapping = (mapping: CsvMapping | undefined): CsvMapping => {
  const parsed = CsvMapping.safeParse(mapping ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: ["csvMapping", ...i.path].join("."), message: i.message }));
  throw new AppError("VALIDATION", `invalid CSV mapping: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, {
    issues,
  });
};

/** Indexes of the data rows that are records: not empty, not a repeat of the header row. */
const recordIndexes = (rows: readonly string[][], layout: Layout): number[] => {
  const headerKey = layout.header?.join("\u0000");
  const out: number[] = [];
  for (let r = layout.firstDataIndex; r < rows.length; r++) {
    const row = rows[r] as string[];
    if (row.every((c) => c.trim() === "") || row.join("\u0000") === headerKey) continue;
    out.push(r);
  }
  return out;
};

const rowContext = (
  rows: readonly string[][],
  lines: readonly number[],
  records: readonly number[],
  layout: Layout,
  mapping: CsvMapping,
  currency: string,
): RowContext => {
  const { columns, firstDataIndex } = layout;
  const dateOrder =
    (mapping.dateFormat && orderFromFormat(mapping.dateFormat)) ||
    sniffDateOrder(rows, firstDataIndex, columns.date, currency);
  return {
    columns,
    dateOrder,
    parseDate: cachedDateParser(dateOrder),
    decimalSeparator: decideSeparator(rows, lines, records, layout, mapping),
    currency,
    invertSign: mapping.invertSign ?? false,
    issues: new IssueList(),
  };
};

const decideSeparator = (
  rows: readonly string[][],
  lines: readonly number[],
  records: readonly number[],
  { columns }: Layout,
  mapping: CsvMapping,
) => {
  const fields = (["amount", "debit", "credit"] as const).filter((f) => columns[f] !== undefined);
  const vote = new DecimalSeparatorVote();
  for (const r of records) {
    const row = rows[r] as string[];
    for (const field of fields) vote.add((row[columns[field] as number] ?? "").trim(), lines[r] as number, field);
  }
  return vote.decide({
    separator: mapping.decimalSeparator,
    name: "csvMapping.decimalSeparator",
    howToGive: HOW_TO_GIVE_SEPARATOR,
  });
};

// No amount at all means no money moved: spacer rows, pending or cancelled orders, notes.
const hasNoAmount = (row: readonly string[], { columns: c }: Layout): boolean =>
  [c.amount, c.debit, c.credit].every((col) => col === undefined || !row[col]?.trim());
