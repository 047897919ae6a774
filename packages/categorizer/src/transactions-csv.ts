import { invalidField } from "@fincoach/errors";
import { parse } from "csv-parse/sync";
import type { FeatureInput } from "./featurize.ts";

/** One CSV row as the model sees it; `category` is absent when the file has no such column. */
export type TransactionRow = FeatureInput & { date: string; currency: string; category?: string | undefined };

const REQUIRED = ["date", "description", "amount", "currency"] as const;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Record = { [column: string]: string | undefined };

/**
 * Reads the command line's transaction CSV: header columns date, description, amount,
 * currency (and category when `requireCategory`; merchant when present); others ignored.
 * A row whose category is empty comes back without one (unlabelled).
 * Every bad cell is an error naming its line and column: nothing is skipped silently.
 */
export const parseTransactionsCsv = (text: string, source: string, requireCategory: boolean): TransactionRow[] => {
  let records: { record: Record; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true, trim: true });
  } catch (e) {
    throw invalidField(source, `not a readable CSV (${(e as Error).message})`);
  }
  const header = Object.keys(records[0]?.record ?? parseHeader(text));
  const missing = [...REQUIRED, ...(requireCategory ? ["category"] : [])].filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw invalidField(source, `missing column(s) ${missing.join(", ")} (header: ${header.join(", ")})`);
  return records.map(({ record, info }) => toRow(record, `${source} line ${info.lines}`));
};

const parseHeader = (text: string): Record => {
  const [first] = parse(text, { to_line: 1, bom: true, trim: true }) as string[][];
  return Object.fromEntries((first ?? []).map((c) => [c, c]));
};

const toRow = (r: Record, where: string): TransactionRow => {
  const amount = r.amount ?? "";
  if (!DECIMAL.test(amount)) throw invalidField(`${where} / amount`, `"${amount}" is not a decimal number`);
  const date = r.date ?? "";
  if (!ISO_DATE.test(date)) throw invalidField(`${where} / date`, `"${date}" is not a YYYY-MM-DD date`);
  // An empty category is an unlabelled row, not an error: train and eval count and report them.
  const category = r.category === "" ? undefined : r.category;
  return {
    date,
    description: r.description ?? "",
    amount: Number(amount),
    currency: r.currency ?? "",
    merchant: r.merchant === "" ? undefined : r.merchant,
    category,
  };
};
