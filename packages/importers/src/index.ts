export { parseCamt } from "./camt/parse-camt.ts";
export { parseCsv } from "./csv/parse-csv.ts";
export { CsvMapping } from "./csv-mapping.ts";
export { DATE_RANGE_MESSAGE, isDateInRange, MAX_DATE, MIN_DATE } from "./dates/date-range.ts";
export { decodeText } from "./decode-text.ts";
export { detectFormat } from "./detect-format.ts";
export * from "./email/index.ts";
export { contentHash } from "./external-id.ts";
export { parseMt940 } from "./mt940/parse-mt940.ts";
export { parseOfx } from "./ofx/parse-ofx.ts";
export { type ParseStatementInput, parseStatement } from "./parse-statement.ts";
export { parseQif } from "./qif/parse-qif.ts";
export {
  ImportFormat,
  type ParsedStatement,
  type ParsedTransaction,
  type ParseOptions,
  type SkippedRecord,
  type StatementSummary,
} from "./types.ts";
