import type { ImportRow, ImportTarget, InsertCounts, TxSql } from "@fincoach/domain";
import { INSERT_COLUMNS, toInsertRecord } from "./insert-record.ts";

/**
 * One `INSERT ... ON CONFLICT DO NOTHING` per row: the baseline the insert benchmark compares
 * COPY and batching against (bench only). Same result as the other paths, one round trip per row.
 */
export const rowInsertTransactions = async (
  tx: TxSql,
  target: ImportTarget,
  rows: readonly ImportRow[],
): Promise<InsertCounts> => {
  let inserted = 0;
  for (const row of rows) {
    const returned = await tx`
      insert into transactions ${tx(toInsertRecord(target, row), ...INSERT_COLUMNS)}
      on conflict (account_id, external_id) do nothing
      returning id`;
    inserted += returned.length;
  }
  return { inserted, duplicates: rows.length - inserted };
};
