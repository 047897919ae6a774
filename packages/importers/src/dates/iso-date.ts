const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in month `m` (1–12) of year `y`. */
export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/** `YYYY-MM-DD`, or undefined when the parts are not a real calendar date. */
export const isoDate = (y: number, m: number, d: number): string | undefined => {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return `${y}-${pad2(m)}-${pad2(d)}`;
};

/** Two-digit years: 00–69 are 20xx, 70–99 are 19xx (fixed, so a parse never depends on today). */
export const expandYear = (yy: number): number => (yy < 70 ? 2000 + yy : 1900 + yy);

/** Parses `YYYYMMDD` at the start of `text` (OFX dates, compact CSV dates). */
export const compactDate = (text: string): string | undefined => {
  if (text.length < 8) return undefined;
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return isoDate(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)));
};
