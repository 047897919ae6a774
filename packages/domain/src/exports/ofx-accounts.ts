import type { SqlClient } from "../imports/sql-client.ts";
import type { ExportRange } from "./export-query.ts";
import { filters } from "./export-rows.ts";

/** What an OFX statement header needs about one account with transactions in the export. */
export type OfxAccount = {
  id: string;
  type: string;
  currency: string;
  firstDate: string;
  lastDate: string;
  /** Opening balance plus every transaction up to `lastDate` (the statement's ledger balance). */
  balanceMinor: string;
};

/** The accounts with transactions in the export: bank accounts first, then credit cards (OFX message-set order). */
export const ofxAccounts = async (sql: SqlClient, userId: string, q: ExportRange): Promise<OfxAccount[]> => {
  const rows = await sql<OfxAccount[]>`
    with spans as (
      select t.account_id, min(t.date) as first_date, max(t.date) as last_date
      from transactions t
      where t.user_id = ${userId} ${filters(sql, q)}
      group by t.account_id
    )
    select a.id, a.type, a.currency, s.first_date::text as "firstDate", s.last_date::text as "lastDate",
           (a.opening_balance_minor + coalesce((
             select sum(b.amount_minor) from transactions b
             where b.user_id = a.user_id and b.account_id = a.id and b.date <= s.last_date
           ), 0))::text as "balanceMinor"
    from spans s join accounts a on a.id = s.account_id and a.user_id = ${userId}
    order by a.type = 'credit_card', a.id`;
  return [...rows];
};
