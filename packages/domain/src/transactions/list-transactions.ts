import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";
import { amountBoundValues } from "./amount-range.ts";
import { CursorParam, decodeCursor, encodeCursor } from "./list-cursor.ts";
import { LIST_FILTERS, type PageRow, pageStatement } from "./list-query.ts";
import { loadSplits } from "./load-splits.ts";
import { parseInput } from "./parse-input.ts";
import { runPrepared } from "./prepared.ts";
import { pageRowView, TransactionView } from "./transaction-view.ts";

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

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The placeholder values of the page query, and which filters it needs. */
const bindings = (userId: string, f: z.output<typeof ListTransactions>) => {
  const cursor = f.cursor ? decodeCursor(f.cursor) : undefined;
  const values: Record<string, unknown> = {
    userId,
    limit: f.limit + 1, // one extra row tells whether another page follows
    accountId: f.accountId,
    categoryId: f.categoryId,
    from: f.from,
    to: f.to,
    q: f.q === undefined ? undefined : `%${escapeLike(f.q)}%`,
    cursorDate: cursor?.date,
    cursorId: cursor?.id,
    ...(f.minAmount === undefined ? {} : amountBoundValues(">=", f.minAmount)),
    ...(f.maxAmount === undefined ? {} : amountBoundValues("<=", f.maxAmount)),
  };
  const present = new Set(LIST_FILTERS.filter((name) => f[name] !== undefined));
  return { values, present };
};

/**
 * A page of the person's transactions, newest first (date desc, id desc), by keyset: the
 * cursor is the last row's (date, id), so rows inserted while paging never shift pages.
 * One prepared query walks `transactions_user_date_idx`; a second loads split parts, only
 * when a row on the page has some. No COUNT(*): `nextCursor` says whether more follow.
 * The page query runs on postgres.js directly and its rows are mapped once, straight to
 * the wire's strings: this is the API's hottest read.
 */
export const listTransactions = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ListTransactions;
}): Promise<TransactionPage> => {
  const f = parseInput(ListTransactions, input);
  const { values, present } = bindings(ctx.userId, f);
  const rows = await runPrepared<PageRow>(ctx.db, pageStatement(present), values);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const splits = await loadSplits(
    ctx.db,
    ctx.userId,
    page.filter((r) => r.has_splits).map((r) => r.id),
  );
  return {
    items: page.map((r) => pageRowView(r, splits.get(r.id) ?? [])),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ date: last.date, id: last.id }) : null,
  };
};
