import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { AnalyticsQuery, type AnalyticsRange, periodStart, resolveRange } from "./analytics-query.ts";
import type { MerchantsView } from "./analytics-views.ts";
import { bucketOf, countedFlows, spendingOf } from "./counted-flows.ts";

export const MerchantsQuery = AnalyticsQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(10).meta({ description: "Merchants per currency" }),
}).meta({ id: "MerchantsQuery" });
export type MerchantsQuery = z.input<typeof MerchantsQuery>;

/**
 * The merchant a row is spent at: its merchant, else its description, trimmed, lower-cased
 * and with runs of spaces made one, so "TESCO  STORES" and "Tesco Stores" are one merchant.
 */
const merchantKey = sql`lower(regexp_replace(btrim(coalesce(nullif(btrim(merchant), ''), description)), '\\s+', ' ', 'g'))`;

/**
 * The top `limit` merchants by spending per currency over the range, with how many transactions
 * (a split one counts once) and their spending per period (sparse: the use case fills zeros).
 */
export const merchantsStatement = (userId: string, r: AnalyticsRange, limit: number): SQL => sql`
  with flows as (${countedFlows(userId, r.from, r.to)}),
  spent as (
    select ${merchantKey} as key, transaction_id, merchant, description, currency, date, ${spendingOf} as amount
    from flows where kind = 'expense' or (kind is null and amount_minor < 0)
  ),
  top as (
    select key, currency, sum(amount) as total, count(distinct transaction_id)::int as n,
           mode() within group (order by btrim(coalesce(nullif(btrim(merchant), ''), description))) as name,
           row_number() over (partition by currency order by sum(amount) desc, key) as rank
    from spent group by key, currency
  )
  select t.currency, t.key, t.name, t.total::text as total, t.n, ${bucketOf(r.interval, sql`s.date`)}::text as start,
         sum(s.amount)::text as amount
  from top t join spent s on s.key = t.key and s.currency = t.currency
  where t.rank <= ${limit}
  group by t.currency, t.key, t.name, t.total, t.n, t.rank, 6
  order by t.currency, t.rank, 6`;

type Row = { currency: string; key: string; name: string; total: string; n: number; start: string; amount: string };

export const getTopMerchants = async ({
  ctx,
  input,
  now,
}: {
  ctx: Ctx;
  input: MerchantsQuery;
  now?: Date;
}): Promise<MerchantsView> => {
  const { limit, ...query } = parseInput(MerchantsQuery, input);
  const range = resolveRange(query, now);
  const rows = (await ctx.db.execute<Row>(merchantsStatement(ctx.userId, range, limit))) as unknown as Row[];
  const index = new Map(range.periods.map((p, i) => [periodStart(range.interval, p.start), i]));
  const merchants = new Map<string, { row: Row; totals: bigint[] }>();
  for (const r of rows) {
    const key = `${r.currency} ${r.key}`;
    let m = merchants.get(key);
    if (!m) {
      m = { row: r, totals: range.periods.map(() => 0n) };
      merchants.set(key, m);
    }
    m.totals[index.get(r.start)!]! += BigInt(r.amount);
  }
  const { periods, ...resolved } = range;
  return {
    ...resolved,
    periods,
    merchants: [...merchants.values()].map(({ row, totals }) => ({
      merchant: row.name,
      currency: row.currency,
      spending: toDecimal(BigInt(row.total), row.currency),
      count: row.n,
      totals: totals.map((t) => toDecimal(t, row.currency)),
    })),
  };
};
