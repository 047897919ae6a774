import { type DateOrder, orderEvidence } from "../dates/date-order.ts";

const cell = (row: readonly string[] | undefined, col: number | undefined): string =>
  col === undefined ? "" : (row?.[col] ?? "").trim();

/**
 * The day/month order of a date column: the first date that rules one out decides ("24/03/2022"
 * is day-first). When no date decides ("05/03/2021" throughout), US-dollar files are read
 * month-first and everything else day-first; dotted dates are always day-first.
 */
export const sniffDateOrder = (
  rows: readonly string[][],
  from: number,
  dateCol: number,
  currency: string,
): DateOrder => {
  let dotted = false;
  for (let r = from; r < rows.length; r++) {
    const text = cell(rows[r], dateCol);
    const evidence = orderEvidence(text);
    if (evidence) return evidence;
    dotted ||= text.includes(".");
  }
  return currency === "USD" && !dotted ? "MDY" : "DMY";
};

const TAIL = /[.,]\d{1,2}$/;

/**
 * The decimal separator of the amount columns, when the data settles it: a separator followed by
 * one or two final digits is decimal ("-98,76", "1,000.00"). Undefined when the file never says or
 * says both, leaving each value to be read on its own.
 */
export const sniffDecimalSeparator = (
  rows: readonly string[][],
  from: number,
  amountCols: readonly number[],
): "." | "," | undefined => {
  let dots = 0;
  let commas = 0;
  for (let r = from; r < rows.length && !(dots && commas); r++) {
    for (const col of amountCols) {
      const m = TAIL.exec(cell(rows[r], col));
      if (m?.[0].startsWith(",")) commas++;
      else if (m) dots++;
    }
  }
  if (dots && !commas) return ".";
  if (commas && !dots) return ",";
  return undefined;
};
