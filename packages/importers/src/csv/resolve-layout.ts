import type { CsvMapping } from "../csv-mapping.ts";
import { fail } from "../issues.ts";
import { type Columns, columnsFromHeader, columnsWithoutHeader } from "./resolve-columns.ts";

/** Where the data starts and which column holds what. */
export type Layout = { headerIndex: number; firstDataIndex: number; columns: Columns; header?: string[] };

const HEADER_SEARCH_ROWS = 20;

/**
 * Finds the header row — the first of the leading rows (after `skipRows`) that names a date and
 * an amount column, so bank preambles above the header are passed over — and resolves the
 * columns. Headerless files need the mapping to give indexes.
 */
export const resolveLayout = (rows: readonly string[][], mapping: CsvMapping): Layout => {
  const first = mapping.skipRows ?? 0;
  if (mapping.hasHeader === false)
    return { headerIndex: -1, firstDataIndex: first, columns: columnsWithoutHeader(mapping) };
  const last = mapping.hasHeader === true ? first : Math.min(rows.length - 1, first + HEADER_SEARCH_ROWS - 1);
  let reason = "";
  for (let i = first; i <= last; i++) {
    const header = rows[i] ?? [];
    if (header.every((c) => c.trim() === "")) continue;
    const columns = columnsFromHeader(header, mapping);
    if (typeof columns !== "string") return { headerIndex: i, firstDataIndex: i + 1, columns, header };
    reason ||= columns;
    if (mapping.hasHeader === true) break;
  }
  if (mapping.hasHeader === undefined && hasIndexes(mapping)) {
    return { headerIndex: -1, firstDataIndex: first, columns: columnsWithoutHeader(mapping) };
  }
  return fail(
    "csvMapping",
    `${reason || "the file has no rows"} — name the columns in csvMapping (date, and amount or debit/credit), ` +
      "or set hasHeader: false and give 0-based column indexes",
  );
};

const hasIndexes = (m: CsvMapping): boolean =>
  typeof m.date === "number" && [m.amount, m.debit, m.credit].some((c) => typeof c === "number");
