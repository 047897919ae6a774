import { type SQL, sql } from "drizzle-orm";
import type { CalendarDate } from "../budgets/calendar-date.ts";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { type AnalyticsQuery, type AnalyticsRange, periodStart, resolveRange, shiftPeriod } from "./analytics-query.ts";
import type { SpendingView } from "./analytics-views.ts";
import { bucketOf, countedFlows, spendingOf } from "./counted-flows.ts";
import { BASELINE_PERIODS, baselineOf } from "./median-baseline.ts";

/** The periods the baseline is the median of: the BASELINE_PERIODS full periods before the one holding `to`. */
const baselineStarts = (r: AnalyticsRange): CalendarDate[] => {
  const current = periodStart(r.interval, r.to);
  return Array.from({ length: BASELINE_PERIODS }, (_, i) => shiftPeriod(r.interval, current, i - BASELINE_PERIODS));
};

/**
 * Spending per period, currency and category over the range and the baseline periods
 * before it; `in_range` tells the range's days from the baseline's (they share a period
 * when `from` is not a period start). Sparse: the use case fills the zeros.
 */
export const spendingStatement = (userId: string, r: AnalyticsRange): SQL => {
  const earliest = baselineStarts(r)[0]!;
  const lower = earliest < r.from ? earliest : r.from;
  return sql`
  with flows as (${countedFlows(userId, lower, r.to)}),
  spent as (
    select ${bucketOf(r.interval, sql`date`)} as start, date >= ${r.from}::date as in_range, currency, category_id, group_id,
           sum(${spendingOf}) as amount
    from flows where kind = 'expense' or (kind is null and amount_minor < 0)
    group by 1, 2, 3, 4, 5
  )
  select s.start::text as start, s.in_range, s.currency, s.category_id, s.group_id, c.name, g.name as group_name,
         s.amount::text as amount, (select min(date) from transactions where user_id = ${userId})::text as first_date
  from spent s
  left join categories c on c.id = s.category_id
  left join categories g on g.id = s.group_id`;
};

type Row = {
  start: string;
  in_range: boolean;
  currency: string;
  category_id: string | null;
  group_id: string | null;
  name: string | null;
  group_name: string | null;
  amount: string;
  first_date: string | null;
};

type Line = { key: string; currency: string; name: string; totals: bigint[]; byStart: Map<string, bigint> };

const UNCATEGORIZED = "Uncategorized";

export const getSpending = async ({
  ctx,
  input,
  now,
}: {
  ctx: Ctx;
  input: AnalyticsQuery;
  now?: Date;
}): Promise<SpendingView> => {
  const range = resolveRange(input, now);
  const rows = (await ctx.db.execute<Row>(spendingStatement(ctx.userId, range))) as unknown as Row[];
  const index = new Map(range.periods.map((p, i) => [periodStart(range.interval, p.start), i]));
  const starts = baselineStarts(range);
  const firstDate = rows[0]?.first_date ?? null;
  // Periods that ended before the person's first transaction say nothing about their habits.
  const history = starts.filter((s) => firstDate !== null && shiftPeriod(range.interval, s, 1) > firstDate);
  const current = periodStart(range.interval, range.to);

  const collect = (keyOf: (r: Row) => string | null, nameOf: (r: Row) => string | null) => {
    const lines = new Map<string, Line & { id: string | null }>();
    for (const r of rows) {
      const id = keyOf(r);
      const key = `${r.currency} ${id}`;
      let line = lines.get(key);
      if (!line) {
        line = {
          key,
          id,
          currency: r.currency,
          name: nameOf(r) ?? UNCATEGORIZED,
          totals: range.periods.map(() => 0n),
          byStart: new Map(),
        };
        lines.set(key, line);
      }
      const amount = BigInt(r.amount);
      const i = index.get(r.start);
      if (r.in_range && i !== undefined) line.totals[i]! += amount;
      if (r.start < current) line.byStart.set(r.start, (line.byStart.get(r.start) ?? 0n) + amount);
    }
    return [...lines.values()]
      .map((l) => ({
        id: l.id,
        currency: l.currency,
        name: l.name,
        totals: l.totals.map((t) => toDecimal(t, l.currency)),
        baseline: baselineOf(
          l.totals.at(-1)!,
          history.map((s) => l.byStart.get(s) ?? 0n),
          l.currency,
        ),
        sum: l.totals.reduce((a, b) => a + b, 0n),
      }))
      .sort(
        (a, b) =>
          a.currency.localeCompare(b.currency) ||
          (a.sum > b.sum ? -1 : a.sum < b.sum ? 1 : a.name.localeCompare(b.name)),
      );
  };
  const categoryGroups = new Map(rows.map((r) => [r.category_id, r.group_id]));
  const { periods, ...resolved } = range;
  return {
    ...resolved,
    periods,
    categories: collect(
      (r) => r.category_id,
      (r) => r.name,
    ).map(({ id, sum: _, ...l }) => ({ categoryId: id, groupId: categoryGroups.get(id) ?? null, ...l })),
    groups: collect(
      (r) => r.group_id,
      (r) => r.group_name,
    ).map(({ id, sum: _, ...l }) => ({ groupId: id, ...l })),
  };
};
