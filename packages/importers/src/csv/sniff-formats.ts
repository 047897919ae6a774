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
