import { type SQL, sql } from "drizzle-orm";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { type AnalyticsQuery, type AnalyticsRange, resolveRange } from "./analytics-query.ts";
import type { NetWorthView } from "./analytics-views.ts";
import { bucketOf, periodStarts } from "./counted-flows.ts";
import { groupByCurrency } from "./group-by-currency.ts";

/**
 * Each account's balance at the end of every period (its opening balance plus every
 * transaction up to that day: transfers too, they move money between balances), summed per
 * currency, with the positive and negative balances apart. A card or loan owed is a
 * negative balance, so it subtracts. Rows before `from` are summed once per account.
 */
export const netWorthStatement = (userId: string, r: AnalyticsRange): SQL => sql`
  with periods as (${periodStarts(r.interval, r.from, r.to)}),
  before as (
    select account_id, sum(amount_minor) as amount from transactions
    where user_id = ${userId} and date < ${r.from}::date group by 1
  ),
  moved as (
    select account_id, ${bucketOf(r.interval, sql`date`)} as start, sum(amount_minor) as amount from transactions
    where user_id = ${userId} and date between ${r.from}::date and ${r.to}::date group by 1, 2
  ),
  balances as (
    select a.currency, p.start,
           a.opening_balance_minor + coalesce(b.amount, 0)
             + sum(coalesce(m.amount, 0)) over (partition by a.id order by p.start) as balance
    from accounts a
    cross join periods p
    left join before b on b.account_id = a.id
    left join moved m on m.account_id = a.id and m.start = p.start
    where a.user_id = ${userId}
  )
  select currency, start::text as start, sum(balance)::text as net_worth,
         coalesce(sum(balance) filter (where balance > 0), 0)::text as assets,
         coalesce(sum(balance) filter (where balance < 0), 0)::text as liabilities
  from balances group by 1, 2 order by 1, 2`;

type Row = { currency: string; start: string; net_worth: string; assets: string; liabilities: string };

export const getNetWorth = async ({
  ctx,
  input,
  now,
}: {
  ctx: Ctx;
  input: AnalyticsQuery;
  now?: Date;
}): Promise<NetWorthView> => {
  const range = resolveRange(input, now);
  const rows = (await ctx.db.execute<Row>(netWorthStatement(ctx.userId, range))) as unknown as Row[];
  const byCurrency = groupByCurrency(rows);
  const { periods, ...resolved } = range;
  return {
    ...resolved,
    series: [...byCurrency].map(([currency, points]) => ({
      currency,
      // One row per period per currency, in period order: the i-th row is the i-th period.
      points: points.map((p, i) => ({
        ...periods[i]!,
        netWorth: toDecimal(BigInt(p.net_worth), currency),
        assets: toDecimal(BigInt(p.assets), currency),
        liabilities: toDecimal(BigInt(p.liabilities), currency),
      })),
    })),
  };
};
