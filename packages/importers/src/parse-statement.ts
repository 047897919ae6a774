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
import { selectStatement } from "./select-statement.ts";
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
  /**
   * Which statement to import from a file holding several accounts' statements (OFX, CAMT,
   * MT940): an account number as the file writes it (spaces, dashes and case ignored) or the
   * 1-based index from the error that lists them.
   */
  statement?: string | undefined;
  /** The target account's stored account number: picks its statement when `statement` is absent. */
  accountNumber?: string | undefined;
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
  const options = { currency: input.currency, statement: input.statement, accountNumber: input.accountNumber };
  switch (format) {
    case "csv":
      return singleStatement(parseCsv(text, { ...options, mapping: input.csvMapping }), input.statement);
    case "ofx":
      return parseOfx(text, options);
    case "qif":
      return singleStatement(parseQif(text, options), input.statement);
    case "camt":
      return parseCamt(text, options);
    case "mt940":
      return parseMt940(text, options);
    default:
      return fail("format", `"${String(format)}" is not one of csv, ofx, qif, camt, mt940`);
  }
};

/** CSV and QIF hold one statement: a `statement` choice must still name it, never be ignored. */
const singleStatement = (parsed: ParsedStatement, statement: string | undefined): ParsedStatement => {
  if (statement?.trim())
    selectStatement(
      parsed.statements.map((s) => ({ ...s, value: s })),
      { statement },
    );
  return parsed;
};
