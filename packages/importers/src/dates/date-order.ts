import { compactDate, expandYear, isoDate } from "./iso-date.ts";
import { monthFromName } from "./month-names.ts";

/** Which part of a written date is the day, month and year. */
export type DateOrder = "YMD" | "DMY" | "MDY";

// Three parts split by one separator (with optional spaces): "6/12/15", "2019-03-31 13:12",
// "23-Jan-15", "Jan 23, 2015", "1/ 1'00", "10.10.2017". Compiled once: this runs per row.
const PARTS = /^\s*(\d{1,4}|\p{L}{3,}\.?)\s*[./\-' ]\s*(\d{1,2}|\p{L}{3,}\.?)\s*[./\-', ]\s*(\d{1,4})(?!\d)/u;
const ALPHA = /^\p{L}/u;

/** Splits a written date into its three parts, or undefined when it does not look like one. */
export const dateParts = (text: string): [string, string, string] | undefined => {
  const m = PARTS.exec(text);
  return m ? [m[1] as string, m[2] as string, m[3] as string] : undefined;
};

/** The order a format like "DD/MM/YYYY" or "YYYY-MM-DD" names; undefined for any other order. */
export const orderFromFormat = (format: string): DateOrder | undefined => {
  const order = [...new Set(format.toUpperCase().replace(/[^DMY]/g, ""))].join("");
  return order === "YMD" || order === "DMY" || order === "MDY" ? order : undefined;
};

/** Which orders one written date rules out; undefined when it says nothing (e.g. "05/03/2021"). */
export const orderEvidence = (text: string): DateOrder | undefined => {
  const p = dateParts(text);
  if (!p) return compactDate(text.trim()) ? "YMD" : undefined;
  const [a, b] = p;
  if (a.length === 4) return "YMD";
  if (ALPHA.test(a)) return "MDY";
  if (ALPHA.test(b)) return "DMY";
  if (Number(a) > 12) return "DMY";
  if (Number(b) > 12) return "MDY";
  return undefined;
};

/** Parses a written date in the given order to ISO, or undefined when it is not a real date. */
export const parseDate = (text: string, order: DateOrder): string | undefined => {
  const p = dateParts(text);
  if (!p) return compactDate(text.trim());
  const [a, b, c] = p;
  if (a.length === 4) return isoDate(Number(a), numberOrMonth(b), Number(c));
  if (order === "YMD") return undefined;
  const [day, month] = order === "DMY" ? [a, b] : [b, a];
  const year = c.length === 2 ? expandYear(Number(c)) : c.length === 4 ? Number(c) : Number.NaN;
  return isoDate(year, numberOrMonth(month), Number(day));
};

const numberOrMonth = (text: string): number => (ALPHA.test(text) ? (monthFromName(text) ?? 0) : Number(text));
