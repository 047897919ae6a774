import { isCurrencyCode } from "@fincoach/money";
import { parseCamt } from "./camt/parse-camt.ts";
import { parseCsv } from "./csv/parse-csv.ts";
import type { CsvMapping } from "./csv-mapping.ts";
import { decodeText } from "./decode-text.ts";
import { detectFormat } from "./detect-format.ts";
import { fail } from "./issues.ts";
import { parseMt940 } from "./mt940/parse-mt940.ts";
import { parseOfx } from "./ofx/parse-ofx.ts";
import { parseQif } from "./qif/parse-qif.ts";
import type { ImportFormat, ParsedStatement } from "./types.ts";

/** Input of {@link parseStatement}. */
export type ParseStatementInput = {
  content: string | Uint8Array;
  /** Detected from the content (then the file name) when absent. */
  format?: ImportFormat;
  filename?: string;
  /** The target account's currency: the default when the file states none. */
  currency: string;
  csvMapping?: CsvMapping;
};

/**
 * Parses a bank statement file of any supported format into normalised transactions. Pure:
 * no I/O. Every problem with the input is an `AppError("VALIDATION")` whose issues name the
 * line (or element) and field.
 */
export const parseStatement = (input: ParseStatementInput): ParsedStatement => {
  if (!isCurrencyCode(input.currency)) fail("currency", `"${input.currency}" is not an ISO 4217 currency code`);
  const text = decodeText(input.content);
  const format = input.format ?? detectFormat(text, input.filename);
  const options = { currency: input.currency };
  switch (format) {
    case "csv":
      return parseCsv(text, { ...options, mapping: input.csvMapping });
    case "ofx":
      return parseOfx(text, options);
    case "qif":
      return parseQif(text, options);
    case "camt":
      return parseCamt(text, options);
    case "mt940":
      return parseMt940(text, options);
    default:
      return fail("format", `"${String(format)}" is not one of csv, ofx, qif, camt, mt940`);
  }
};
