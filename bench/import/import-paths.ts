/**
 * The wiring to the code under test: parseStatement from @fincoach/importers and the
 * import use case and its COPY insert from packages/domain/src/imports/, and the two insert
 * strategies it is compared with (bench/import/insert-strategies/).
 * Each function runs one path over one file or row set and returns what it wrote.
 */
import {
  copyInsertTransactions,
  type ImportRow,
  importStatement,
  type PipelineWarn,
  parseForAccount,
  type ScoreModel,
} from "@fincoach/domain";
import { parseStatement } from "@fincoach/importers";
import type { StatementFile } from "./generate-statements.ts";
import type { ImportBenchDatabase } from "./import-database.ts";
import { batchedInsertTransactions } from "./insert-strategies/batched-insert-transactions.ts";
import { rowInsertTransactions } from "./insert-strategies/row-insert-transactions.ts";
import type { Counts } from "./measure.ts";

export type { ImportRow };

/** (a) Parse only: bytes to normalised transactions, no database. Returns how many it found. */
export const parseOnly = (file: StatementFile, currency: string): number =>
  parseStatement({ content: file.content, filename: file.filename, currency }).transactions.length;

/** The rows the insert paths write, parsed once up front so only the writing is timed. */
export const parseRows = (file: StatementFile, currency: string): ImportRow[] =>
  parseForAccount({ currency, accountNumber: null }, { content: file.content, filename: file.filename }).rows;

/**
 * Whose import it is and the categorization pipeline's model stage: by default the bench's
 * person, who has no rules, memories or model, so the import skips the pipeline.
 */
export type ImportAs = { userId?: string; scoreModel?: ScoreModel; warn?: PipelineWarn };

/** (b) End to end through the use case: parse, validate, (categorize,) COPY, dedupe, import record. */
export const importEndToEnd = async (
  db: ImportBenchDatabase,
  accountId: string,
  file: StatementFile,
  as: ImportAs = {},
): Promise<Counts> => {
  const result = await importStatement({
    ctx: { db: db.db, userId: as.userId ?? db.userId },
    input: { accountId, filename: file.filename },
    content: file.content,
    scoreModel: as.scoreModel,
    warn: as.warn,
  });
  return { inserted: result.inserted, duplicates: result.duplicates };
};

const STRATEGIES = { copy: copyInsertTransactions, batched: batchedInsertTransactions, row: rowInsertTransactions };
export type Strategy = keyof typeof STRATEGIES;

export type InsertTarget = { userId: string; accountId: string; importId: string; currency: string };

/** A fresh account and import record for one insert strategy, made before the clock starts. */
export const newInsertTarget = async (
  db: ImportBenchDatabase,
  name: string,
  currency: string,
): Promise<InsertTarget> => {
  const accountId = await db.newAccount(name);
  return { userId: db.userId, accountId, importId: await db.newImportRecord(accountId), currency };
};

/** (c)/(d) One insert strategy alone, in one transaction, as the use case would run it. */
export const insertOnly = (
  db: ImportBenchDatabase,
  strategy: Strategy,
  target: InsertTarget,
  rows: readonly ImportRow[],
): Promise<Counts> => db.sql.begin((tx) => STRATEGIES[strategy](tx, target, rows));
