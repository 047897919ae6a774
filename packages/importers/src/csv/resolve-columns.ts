import type { CsvMapping } from "../csv-mapping.ts";
import { dateParts } from "../dates/date-order.ts";
import { compactDate } from "../dates/iso-date.ts";
import { fail } from "../issues.ts";
import { COLUMN_FIELDS, type ColumnField, normalizeHeader, SYNONYMS } from "./header-synonyms.ts";

/** 0-based column per field; `directionStrict` when the user named the direction column. */
export type Columns = Partial<Record<ColumnField, number>> & { date: number; directionStrict: boolean };

/** Columns of a file without a header row: the mapping must give indexes. */
export const columnsWithoutHeader = (mapping: CsvMapping): Columns => {
  const cols: Partial<Record<ColumnField, number>> = {};
  for (const field of COLUMN_FIELDS) {
    const spec = mapping[field];
    if (typeof spec === "string")
      fail(`csvMapping.${field}`, `"${spec}" names a column but the file has no header row; use a 0-based index`);
    if (spec !== undefined) cols[field] = spec;
  }
  return (
    complete(cols, mapping) ??
    fail(
      "csvMapping",
      "a file without a header row needs csvMapping.date and csvMapping.amount (or debit/credit) as 0-based indexes",
    )
  );
};

/**
 * Columns for a candidate header row — the mapping's names and indexes first, header synonyms
 * for the rest — or why this row is not the header.
 */
export const columnsFromHeader = (header: readonly string[], mapping: CsvMapping): Columns | string => {
  const names = header.map(normalizeHeader);
  const cols: Partial<Record<ColumnField, number>> = {};
  const used = new Set<number>();
  for (const field of COLUMN_FIELDS) {
    const spec = mapping[field];
    if (spec === undefined) continue;
    const index = typeof spec === "number" ? spec : findNamed(header, names, spec);
    if (index === undefined || index >= header.length)
      return `csvMapping.${field}: no column ${typeof spec === "number" ? `at index ${spec}` : `named "${spec}"`} in the header row`;
    cols[field] = index;
    used.add(index);
  }
  const byName = indexByName(names);
  for (const field of COLUMN_FIELDS) {
    if (cols[field] !== undefined || skipSniff(field, cols, mapping)) continue;
    const index = sniff(byName, field, used);
    if (index === undefined) continue;
    cols[field] = index;
    used.add(index);
  }
  if (typeof mapping.date === "number" && looksLikeData(header, cols)) return "the first row is data";
  return complete(cols, mapping) ?? "no header row naming a date and an amount (or debit/credit) column was found";
};

// Indexes alone cannot tell a header from data: a date in the date column, or a digit in an
// amount column, means data ("Date,Amount" has neither).
const looksLikeData = (row: readonly string[], cols: Partial<Record<ColumnField, number>>): boolean => {
  const at = (col: number | undefined) => (col === undefined ? "" : (row[col] ?? "").trim());
  const date = at(cols.date);
  return (
    Boolean(dateParts(date) || compactDate(date)) ||
    [cols.amount, cols.debit, cols.credit].some((c) => /\d/.test(at(c)))
  );
};

// A user who names the amount column means "not debit/credit", and the other way round.
const skipSniff = (field: ColumnField, cols: Partial<Record<ColumnField, number>>, m: CsvMapping): boolean => {
  if (field === "amount") return m.debit !== undefined || m.credit !== undefined;
  if (field === "debit" || field === "credit") return m.amount !== undefined || cols.amount !== undefined;
  return false;
};

const findNamed = (header: readonly string[], names: readonly string[], wanted: string): number | undefined => {
  const exact = header.findIndex((h) => h.trim() === wanted);
  if (exact >= 0) return exact;
  const index = names.indexOf(normalizeHeader(wanted));
  return index >= 0 ? index : undefined;
};

const sniff = (
  byName: ReadonlyMap<string, number[]>,
  field: ColumnField,
  used: ReadonlySet<number>,
): number | undefined => {
  for (const synonym of SYNONYMS[field]) {
    const index = byName.get(synonym)?.find((i) => !used.has(i));
    if (index !== undefined) return index;
  }
  return undefined;
};

/** Column indexes by normalised name: one lookup per synonym, however wide the row. */
const indexByName = (names: readonly string[]): Map<string, number[]> => {
  const byName = new Map<string, number[]>();
  names.forEach((n, i) => {
    const list = byName.get(n);
    if (list) list.push(i);
    else byName.set(n, [i]);
  });
  return byName;
};

const complete = (cols: Partial<Record<ColumnField, number>>, mapping: CsvMapping): Columns | undefined => {
  const { date } = cols;
  if (date === undefined || (cols.amount === undefined && cols.debit === undefined && cols.credit === undefined)) {
    return undefined;
  }
  return { ...cols, date, directionStrict: mapping.direction !== undefined };
};
