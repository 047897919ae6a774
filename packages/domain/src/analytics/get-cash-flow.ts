import { type SQL, sql } from "drizzle-orm";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { type AnalyticsQuery, type AnalyticsRange, resolveRange } from "./analytics-query.ts";
import type { CashFlowView } from "./analytics-views.ts";
import { bucketOf, countedFlows, incomeOf, periodStarts, spendingOf } from "./counted-flows.ts";
import { groupByCurrency } from "./group-by-currency.ts";

/**
 * Income and spending per period and currency, every period of every currency the person
 * holds (or moved money in) present, zero when empty. Sums are of bigint minor units, exact.
 */
export const cashFlowStatement = (userId: string, r: AnalyticsRange): SQL => sql`
  with flows as (${countedFlows(userId, r.from, r.to)}),
  buckets as (
    select ${bucketOf(r.interval, sql`date`)} as start, currency, sum(${incomeOf}) as income, sum(${spendingOf}) as spending
    from flows group by 1, 2
  ),
  currencies as (select currency from accounts where user_id = ${userId} union select currency from buckets)
  select c.currency, p.start::text as start, coalesce(b.income, 0)::text as income, coalesce(b.spending, 0)::text as spending
  from (${periodStarts(r.interval, r.from, r.to)}) p
  cross join currencies c
  left join buckets b on b.start = p.start and b.currency = c.currency
  order by c.currency, p.start`;

type Row = { currency: string; start: string; income: string; spending: string };

export const getCashFlow = async ({
  ctx,
  input,
  now,
}: {
  ctx: Ctx;
  input: AnalyticsQuery;
  now?: Date;
}): Promise<CashFlowView> => {
  const range = resolveRange(input, now);
  const rows = (await ctx.db.execute<Row>(cashFlowStatement(ctx.userId, range))) as unknown as Row[];
  const byCurrency = groupByCurrency(rows);
  const { periods, ...resolved } = range;
  return {
    ...resolved,
    series: [...byCurrency].map(([currency, points]) => ({
      currency,
      // generate_series and resolveRange walk the same periods, so the i-th row is the i-th period.
      points: points.map((p, i) => {
        const income = BigInt(p.income);
        const spending = BigInt(p.spending);
        const fmt = (minor: bigint) => toDecimal(minor, currency);
        return { ...periods[i]!, income: fmt(income), spending: fmt(spending), net: fmt(income - spending) };
      }),
    })),
  };
};
