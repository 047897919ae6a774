import { fail } from "../issues.ts";

/** Records of a CSV file and the physical line each starts on (for error messages). */
export type CsvTable = { rows: string[][]; lines: number[] };

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;

/**
 * RFC 4180 reader: quoted fields with "" escapes and embedded newlines; LF, CRLF or bare CR line
 * ends (old Mac exports). Spaces around a quoted field are tolerated (`a, "b, c"` is `a` and
 * `b, c`): hand-edited and some bank exports write them. One pass over char codes, slices for
 * unquoted fields: this is the hot loop of a 100,000-row import.
 */
export const readCsv = (text: string, delimiter: string): CsvTable => {
  const d = delimiter.charCodeAt(0);
  const rows: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  let row: string[] = [];
  let line = 1;
  let rowLine = 1;
  let i = 0;
  while (i < n) {
    if (text.charCodeAt(i) === SPACE && d !== SPACE) i = quoteAfterSpaces(text, i);
    if (text.charCodeAt(i) === QUOTE) {
      const quoted = readQuoted(text, i, d, rowLine);
      row.push(quoted.value);
      line += quoted.newlines;
      i = quoted.end;
    } else {
      let j = i;
      for (let c = text.charCodeAt(j); j < n && c !== d && c !== LF && c !== CR; c = text.charCodeAt(++j));
      row.push(text.slice(i, j));
      i = j;
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i >= n) row.push("");
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    rows.push(row);
    lines.push(rowLine);
    row = [];
    rowLine = ++line;
  }
  if (row.length > 0) {
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
};

/** Where a field starting at `start` begins: its opening quote when only spaces precede it, else `start`. */
const quoteAfterSpaces = (text: string, start: number): number => {
  let k = start;
  while (text.charCodeAt(k) === SPACE) k++;
  return text.charCodeAt(k) === QUOTE ? k : start;
};

/**
 * A quoted field from the opening quote at `start`. Stray text after the closing quote is kept
 * (`"a" b` is `a b`), except spaces alone, which only pad the field.
 */
const readQuoted = (text: string, start: number, d: number, line: number) => {
  let value = "";
  let j = start + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return fail(`line ${line}`, "a quoted field is never closed");
    value += text.slice(j, q);
    j = q + 1;
    if (text.charCodeAt(j) !== QUOTE) break;
    value += '"';
    j++;
  }
  let end = j;
  for (let c = text.charCodeAt(end); end < text.length && c !== d && c !== LF && c !== CR; c = text.charCodeAt(++end));
  if (end > j) {
    const stray = text.slice(j, end);
    if (stray.trim() !== "") value += stray;
  }
  return { value, end, newlines: countLineBreaks(value) };
};

const countLineBreaks = (value: string): number => {
  if (!value.includes("\n") && !value.includes("\r")) return 0;
  return value.split(/\r\n|\r|\n/).length - 1;
};
