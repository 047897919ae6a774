import type { SqlClient } from "../imports/sql-client.ts";
import type { ExportRange } from "./export-query.ts";

/** One transaction as exports see it, amounts still exact (minor units as text). */
export type ExportRow = {
  id: string;
  date: string;
  amountMinor: string;
  currency: string;
  description: string;
  merchant: string | null;
  notes: string | null;
  tags: string[];
  externalId: string | null;
  accountId: string;
  accountName: string;
  /** Unsplit: its category; split: the parts' categories joined by "; ". */
  category: string | null;
};

/** Rows per cursor fetch: memory stays flat however many transactions the person has. */
const BATCH = 1_000;

/**
 * The person's transactions matching `q`, oldest first, streamed in batches through a
 * server-side cursor. Stopping the iteration early closes the cursor.
 */
export async function* exportRowBatches(sql: SqlClient, userId: string, q: ExportRange): AsyncGenerator<ExportRow[]> {
  const query = sql<ExportRow[]>`
    select t.id, t.date::text as date, t.amount_minor::text as "amountMinor", t.currency, t.description,
           t.merchant, t.notes, t.tags, t.external_id as "externalId", t.account_id as "accountId",
           a.name as "accountName", coalesce(c.name, sp.names) as category
    from transactions t
    join accounts a on a.id = t.account_id and a.user_id = t.user_id
    left join categories c on c.id = t.category_id and c.user_id = t.user_id
    -- One grouped pass over the person's splits (a hash join), not a lookup per exported row.
    left join (
      select s.transaction_id, string_agg(sc.name, '; ' order by sc.name) as names
      from transaction_splits s join categories sc on sc.id = s.category_id and sc.user_id = s.user_id
      where s.user_id = ${userId}
      group by s.transaction_id
    ) sp on sp.transaction_id = t.id
    where t.user_id = ${userId} ${filters(sql, q)}
    order by t.date, t.id`;
  for await (const batch of query.cursor(BATCH)) yield batch;
}

/** The optional account and inclusive date bounds, as SQL fragments on `t`. */
export const filters = (sql: SqlClient, q: ExportRange) =>
  sql`${q.accountId ? sql`and t.account_id = ${q.accountId}` : sql``}
      ${q.from ? sql`and t.date >= ${q.from}::date` : sql``}
      ${q.to ? sql`and t.date <= ${q.to}::date` : sql``}`;
