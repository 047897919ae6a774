export { CSV_HEADER, csvQuote, defuseFormula, toCsvLine } from "./csv-format.ts";
export { EXPORT_FORMATS, type ExportFormat, type ExportRange, ExportTransactions } from "./export-query.ts";
export { type ExportRow, exportRowBatches } from "./export-rows.ts";
export { type ExportFile, exportTransactions } from "./export-transactions.ts";
export { xmlEscape } from "./ofx-format.ts";
