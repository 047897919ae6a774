import { AppError } from "@fincoach/errors";
import { CsvMapping } from "../csv-mapping.ts";
import { cachedDateParser } from "../dates/date-cache.ts";
import { orderFromFormat } from "../dates/date-order.ts";
import { decodeText } from "../decode-text.ts";
import type { Draft } from "../draft.ts";
import { finishStatement, single } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import type { ParsedStatement, ParseOptions } from "../types.ts";
import { readCsv } from "./read-csv.ts";
import { type RowContext, readCsvRow } from "./read-csv-row.ts";
import { type Layout, resolveLayout } from "./resolve-layout.ts";
import { sniffDelimiter } from "./sniff-delimiter.ts";
import { sniffDateOrder, sniffDecimalSeparator } from "./sniff-formats.ts";

/**
 * Parses a bank CSV export. Whatever the mapping leaves out is sniffed: delimiter, header row
 * (after any preamble), columns by header name in several languages, date order, decimal
 * separator. External ids: `csv:<reference>` when a reference column has a value, else the
 * content hash. Rows with no amount at all (spacers, pending or cancelled entries) and repeats of
 * the header row are skipped; any other bad cell fails the file, naming its line and field.
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
  const ctx = rowContext(rows, layout, mapping, options.currency);
  const drafts: Draft[] = [];
  const headerKey = layout.header?.join("\u0000");
  for (let r = layout.firstDataIndex; r < rows.length && !ctx.issues.full; r++) {
    const row = rows[r] as string[];
    if (isBlank(row, layout) || row.join("\u0000") === headerKey) continue;
    const d = readCsvRow(row, lines[r] as number, ctx);
    if (d) drafts.push(d);
  }
  ctx.issues.throwIfAny("invalid CSV file");
  const currency = layout.columns.currency === undefined ? undefined : single(drafts.map((d) => d.amount.currency));
  return finishStatement("csv", drafts, { currency });
};

const validMapping = (mapping: CsvMapping | undefined): CsvMapping => {
  const parsed = CsvMapping.safeParse(mapping ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: ["csvMapping", ...i.path].join("."), message: i.message }));
  throw new AppError("VALIDATION", `invalid CSV mapping: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, {
    issues,
  });
};

const rowContext = (rows: string[][], layout: Layout, mapping: CsvMapping, currency: string): RowContext => {
  const { columns, firstDataIndex } = layout;
  const amountCols = [columns.amount, columns.debit, columns.credit].filter((c) => c !== undefined);
  const dateOrder =
    (mapping.dateFormat && orderFromFormat(mapping.dateFormat)) ||
    sniffDateOrder(rows, firstDataIndex, columns.date, currency);
  return {
    columns,
    dateOrder,
    parseDate: cachedDateParser(dateOrder),
    decimalSeparator: mapping.decimalSeparator ?? sniffDecimalSeparator(rows, firstDataIndex, amountCols),
    currency,
    invertSign: mapping.invertSign ?? false,
    issues: new IssueList(),
  };
};

// No amount at all means no money moved: spacer rows, pending or cancelled orders, notes.
const isBlank = (row: readonly string[], { columns: c }: Layout): boolean =>
  [c.amount, c.debit, c.credit].every((col) => col === undefined || !row[col]?.trim());
