import type { ImportRow, ImportTarget, InsertCounts, TxSql } from "@fincoach/domain";
import { INSERT_COLUMNS, toInsertRecord } from "./insert-record.ts";

/** 1,000 rows x 10 columns = 10,000 bind parameters, well under Postgres's 65,535 limit. */
const DEFAULT_BATCH = 1_000;

/**
 * Multi-row `INSERT ... VALUES (...), (...) ON CONFLICT DO NOTHING`, `batchSize` rows per
 * statement. Same result as the product's `copyInsertTransactions`: the benchmark's peer for it
 * (bench only; the product inserts through COPY).
 */
export const batchedInsertTransactions = async (
  tx: TxSql,
  target: ImportTarget,
  rows: readonly ImportRow[],
  batchSize = DEFAULT_BATCH,
): Promise<InsertCounts> => {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize).map((r) => toInsertRecord(target, r));
    const returned = await tx`
      insert into transactions ${tx(batch, ...INSERT_COLUMNS)}
      on conflict (account_id, external_id) do nothing
      returning id`;
    inserted += returned.length;
  }
  return { inserted, duplicates: rows.length - inserted };
};
