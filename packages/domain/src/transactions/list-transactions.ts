import { transactionSplits, transactions } from "@fincoach/db";
import { and, eq, gte, ilike, lte, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";
import { amountBound } from "./amount-range.ts";
import { CursorParam, decodeCursor, encodeCursor } from "./list-cursor.ts";
import { loadSplits } from "./load-splits.ts";
import { parseInput } from "./parse-input.ts";
import { TransactionView, toTransactionView } from "./transaction-view.ts";

export const ListTransactions = z
  .object({
    accountId: Uuid.optional(),
    /** Matches the transaction's category and the categories of its split parts. */
    categoryId: Uuid.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    /** Case-insensitive substring of description, merchant or notes. */
    q: z.string().min(1).max(200).optional(),
    /** Signed bounds, compared by value in each row's own currency precision. */
    minAmount: DecimalAmount.optional(),
    maxAmount: DecimalAmount.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** `nextCursor` of the previous page. */
    cursor: CursorParam.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "must not be before from" });
export type ListTransactions = z.input<typeof ListTransactions>;

export const TransactionPage = z
  .object({
    items: z.array(TransactionView),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "TransactionPage" });
export type TransactionPage = z.infer<typeof TransactionPage>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const filtersOf = (userId: string, f: z.output<typeof ListTransactions>): SQL[] => {
  const t = transactions;
  const where: (SQL | undefined)[] = [eq(t.userId, userId)];
  if (f.accountId) where.push(eq(t.accountId, f.accountId));
  if (f.from) where.push(gte(t.date, f.from));
  if (f.to) where.push(lte(t.date, f.to));
  if (f.categoryId) {
    const s = transactionSplits;
    const inSplits = sql`select 1 from ${s} where ${s.transactionId} = ${t.id} and ${s.userId} = ${userId} and ${s.categoryId} = ${f.categoryId}`;
    where.push(or(eq(t.categoryId, f.categoryId), sql`exists (${inSplits})`));
  }
  if (f.q) {
    const p = `%${escapeLike(f.q)}%`;
    where.push(or(ilike(t.description, p), ilike(t.merchant, p), ilike(t.notes, p)));
  }
  if (f.minAmount) where.push(amountBound(">=", f.minAmount));
  if (f.maxAmount) where.push(amountBound("<=", f.maxAmount));
  const cursor = f.cursor ? decodeCursor(f.cursor) : undefined;
  // Row comparison matches the index order, so the scan starts right after the cursor.
  if (cursor) where.push(sql`(${t.date}, ${t.id}) < (${cursor.date}::date, ${cursor.id}::uuid)`);
  return where.filter((w): w is SQL => w !== undefined);
};

/**
 * A page of the person's transactions, newest first (date desc, id desc), by keyset: the
 * cursor is the last row's (date, id), so rows inserted while paging never shift pages.
 * One query walks `transactions_user_date_idx`; one more loads the page's splits.
 */
export const listTransactions = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ListTransactions;
}): Promise<TransactionPage> => {
  const f = parseInput(ListTransactions, input);
  const t = transactions;
  const rows = await ctx.db
    .select()
    .from(t)
    .where(and(...filtersOf(ctx.userId, f)))
    // NULLS LAST spelled out to match the index definition exactly, or Postgres sorts instead.
    .orderBy(sql`${t.date} desc nulls last`, sql`${t.id} desc nulls last`)
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const splits = await loadSplits(
    ctx.db,
    ctx.userId,
    page.map((r) => r.id),
  );
  return {
    items: page.map((r) => toTransactionView(r, splits.get(r.id) ?? [])),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ date: last.date, id: last.id }) : null,
  };
};
