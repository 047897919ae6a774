import { withoutNul } from "./import-rows.ts";

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * One field in COPY's text format: backslash, tab, newline and carriage return are escaped
 * (they would otherwise end the field or row, or start an escape), and null is `\N`.
 */
export const copyField = (value: string | null | undefined): string => {
  if (value == null) return "\\N";
  const clean = withoutNul(value);
  return SPECIAL.test(clean) ? clean.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : clean;
};

/** One COPY text row: fields joined by tabs, ended by a newline. */
export const copyLine = (fields: readonly (string | null | undefined)[]): string =>
  `${fields.map(copyField).join("\t")}\n`;
