import { transactions } from "@fincoach/db";
import { and, eq, inArray } from "drizzle-orm";
import { merchantKeyOf } from "../categorization/merchant-key.ts";
import type { Ctx } from "../shared/context.ts";
import { type RefreshSummary, refreshRecurring } from "./refresh-recurring.ts";

/** What a write touched: each new or changed row's account, description and merchant. */
export type WrittenRow = { accountId: string; description: string; merchant: string | null };

/**
 * The refresh to run after transactions are committed (create, import, sync): only the
 * (account, merchant) groups the rows fall in are re-detected. Pass `rows` for a few rows
 * (create), or `transactionIds` when only the ids are at hand (the worker's categorize job,
 * which sees each committed sync batch); for a whole import pass `accountIds` alone, which re-detects those
 * accounts entirely (one read per account either way). A failure here must not fail the
 * write, which is committed: callers log it, and the next refresh of the account repairs it
 * (each refresh recomputes whole groups from the stored transactions).
 */
export const refreshRecurringAfterWrite = async ({
  ctx,
  rows,
  transactionIds,
  accountIds,
}: {
  ctx: Ctx;
  rows?: readonly WrittenRow[];
  transactionIds?: readonly string[];
  accountIds?: readonly string[];
}): Promise<RefreshSummary> => {
  if (accountIds) return refreshRecurring({ ctx, scope: { accountIds } });
  const written = rows ?? (transactionIds ? await writtenRows(ctx, transactionIds) : []);
  if (written.length === 0) return { created: 0, updated: 0, removed: 0 };
  return refreshRecurring({
    ctx,
    scope: {
      accountIds: [...new Set(written.map((r) => r.accountId))],
      merchantKeys: [...new Set(written.map((r) => merchantKeyOf(r.description, r.merchant)))],
    },
  });
};

const writtenRows = (ctx: Ctx, ids: readonly string[]): Promise<WrittenRow[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : ctx.db
        .select({
          accountId: transactions.accountId,
          description: transactions.description,
          merchant: transactions.merchant,
        })
        .from(transactions)
        .where(and(eq(transactions.userId, ctx.userId), inArray(transactions.id, [...ids])));
