import { categories, type DbOrTx, transactionSplits, transactions } from "@fincoach/db";
import { and, eq, gte, inArray, lte, ne, or, type SQL, sql } from "drizzle-orm";
import type { DateRange } from "./budget-period.ts";

/**
 * The category and, if it is a group, its children, leaving out transfer-kind categories:
 * moving money between one's own accounts is not spending.
 */
const spendingCategoryIds = async (db: DbOrTx, userId: string, categoryId: string): Promise<string[]> =>
  (
    await db
      .select({ id: categories.id })
      .from(categories)
      .where(
        and(
          eq(categories.userId, userId),
          or(eq(categories.id, categoryId), eq(categories.parentId, categoryId)),
          ne(categories.kind, "transfer"),
        ),
      )
  ).map((c) => c.id);

const sumIn = (amount: SQL | typeof transactions.amountMinor, range: DateRange) =>
  sql<string>`coalesce(sum(${amount}) filter (where ${transactions.date} between ${range.start} and ${range.end}), 0)::text`;

/**
 * Net money out (minor units, positive = spent) in a category (and its children) during
 * each range, in `currency` only: amounts in other currencies are not converted, they are
 * left out. Unsplit transactions count by their category, split rows by theirs (a split
 * transaction's own category is NULL, so nothing counts twice). Income in the category
 * (a refund) reduces what was spent.
 */
export const spendingInRanges = async (
  db: DbOrTx,
  params: { userId: string; categoryId: string; currency: string; ranges: DateRange[] },
): Promise<bigint[]> => {
  const { userId, currency, ranges } = params;
  const ids = await spendingCategoryIds(db, userId, params.categoryId);
  if (ids.length === 0 || ranges.length === 0) return ranges.map(() => 0n);
  const within = and(
    eq(transactions.userId, userId),
    eq(transactions.currency, currency),
    gte(
      transactions.date,
      ranges.reduce((a, r) => (r.start < a ? r.start : a), ranges[0]!.start),
    ),
    lte(
      transactions.date,
      ranges.reduce((a, r) => (r.end > a ? r.end : a), ranges[0]!.end),
    ),
  );
  const sums = (amount: SQL | typeof transactions.amountMinor) =>
    Object.fromEntries(ranges.map((r, i) => [`r${i}`, sumIn(amount, r)]));
  const [unsplit] = await db
    .select(sums(transactions.amountMinor))
    .from(transactions)
    .where(and(within, inArray(transactions.categoryId, ids)));
  const [split] = await db
    .select(sums(sql`${transactionSplits.amountMinor}`))
    .from(transactionSplits)
    .innerJoin(transactions, eq(transactions.id, transactionSplits.transactionId))
    .where(and(within, eq(transactionSplits.userId, userId), inArray(transactionSplits.categoryId, ids)));
  return ranges.map((_, i) => -(BigInt(unsplit?.[`r${i}`] ?? "0") + BigInt(split?.[`r${i}`] ?? "0")));
};
