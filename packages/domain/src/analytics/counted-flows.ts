import { type SQL, sql } from "drizzle-orm";
import type { CalendarDate } from "../budgets/calendar-date.ts";

/**
 * The money that counts as income or spending, one row per transaction or, for a split
 * transaction, per split (its own category is NULL, so nothing counts twice), with the
 * category that decides it. Left out (docs/analytics.md):
 * - transfers: either leg of a transfer (transferId set), and anything in a category of
 *   kind "transfer" (e.g. Transfers > Credit Card Payment) even when only one leg is known;
 * - card payments received on a credit card account that nobody categorized: money into a
 *   card is a payment from another account (a refund is categorized and still counts).
 * Postgres evaluates it per person through transactions_user_date_idx.
 */
export const countedFlows = (userId: string, from: CalendarDate, to: CalendarDate): SQL => sql`
  select t.id as transaction_id, t.date, t.currency, t.merchant, t.description,
         coalesce(s.amount_minor, t.amount_minor) as amount_minor,
         c.id as category_id, c.kind, coalesce(c.parent_id, c.id) as group_id
  from transactions t
  join accounts a on a.user_id = t.user_id and a.id = t.account_id
  left join transaction_splits s on s.transaction_id = t.id and s.user_id = t.user_id
  left join categories c on c.id = coalesce(s.category_id, t.category_id) and c.user_id = t.user_id
  where t.user_id = ${userId} and t.date between ${from}::date and ${to}::date
    and t.transfer_id is null
    and c.kind is distinct from 'transfer'
    and not (a.type = 'credit_card' and c.id is null and coalesce(s.amount_minor, t.amount_minor) > 0)`;

/** Money out, positive: expense categories (a refund in one is negative spending) and uncategorized outflows. */
export const spendingOf = sql`case when kind = 'expense' or (kind is null and amount_minor < 0) then -amount_minor else 0 end`;
/** Money in: income categories (a reversal in one is negative income) and uncategorized inflows. */
export const incomeOf = sql`case when kind = 'income' or (kind is null and amount_minor > 0) then amount_minor else 0 end`;

/** The start date of the period of `unit` (day, week = ISO Monday, month) holding `column`, independent of the session's TimeZone. */
export const bucketOf = (unit: string, column: SQL): SQL => sql`date_trunc(${unit}, ${column}::timestamp)::date`;

/** Every period start from `from`'s period to `to`, so empty periods are rows too (a chart has no gaps). */
export const periodStarts = (unit: string, from: CalendarDate, to: CalendarDate): SQL =>
  sql`select gs::date as start from generate_series(date_trunc(${unit}, ${from}::date::timestamp), ${to}::date::timestamp, ${`1 ${unit}`}::interval) gs`;
