import { categories, type DbOrTx, transactions } from "@fincoach/db";
import { and, between, eq, inArray } from "drizzle-orm";
import { addDays } from "../budgets/calendar-date.ts";
import { merchantKeyCache } from "../categorization/merchant-key.ts";

/** How far back the transaction rules look for the person's history. */
export const HISTORY_DAYS = 365;
/** Two equal charges at one merchant this many days apart or fewer look like one charged twice. */
export const DUPLICATE_WINDOW_DAYS = 3;

/** A transaction as the rules see it. */
export type TxFact = {
  id: string;
  accountId: string;
  date: string;
  amountMinor: bigint;
  currency: string;
  merchantKey: string;
  categoryId: string | null;
  externalId: string | null;
  /**
   * Money really in or out: not a transfer between own accounts (a transferId or a
   * transfer-kind category). Transfers raise no transaction alerts and are no history.
   */
  counts: boolean;
};

export type TransactionFacts = {
  /** The transactions being evaluated, the person's only. */
  arrived: TxFact[];
  /** The arrivals dated on or after `recentFrom`: the ones transaction rules judge. */
  recent: TxFact[];
  /**
   * Every transaction of the person from HISTORY_DAYS before the earliest recent arrival to
   * DUPLICATE_WINDOW_DAYS after the latest (arrivals included).
   */
  window: TxFact[];
  /** category id -> parent id (null for a top-level one), for mutes on a group. */
  parents: Map<string, string | null>;
};

/**
 * The facts one batch needs, in three queries: the arrived rows, the person's categories,
 * and the history window (transactions_user_date_idx) when some arrival is recent. The
 * window spans the recent arrivals' dates plus a year: a bounded read however large the
 * import, since old arrivals need no window.
 */
export const loadTransactionFacts = async (
  db: DbOrTx,
  userId: string,
  ids: readonly string[],
  recentFrom: string,
): Promise<TransactionFacts> => {
  const cats = await db
    .select({ id: categories.id, kind: categories.kind, parentId: categories.parentId })
    .from(categories)
    .where(eq(categories.userId, userId));
  const transfer = new Set(cats.filter((c) => c.kind === "transfer").map((c) => c.id));
  const parents = new Map(cats.map((c) => [c.id, c.parentId]));
  const keyOf = merchantKeyCache();
  const columns = {
    id: transactions.id,
    accountId: transactions.accountId,
    date: transactions.date,
    amountMinor: transactions.amountMinor,
    currency: transactions.currency,
    description: transactions.description,
    merchant: transactions.merchant,
    categoryId: transactions.categoryId,
    externalId: transactions.externalId,
    transferId: transactions.transferId,
  };
  type Row = {
    id: string;
    accountId: string;
    date: string;
    amountMinor: bigint;
    currency: string;
    description: string;
    merchant: string | null;
    categoryId: string | null;
    externalId: string | null;
    transferId: string | null;
  };
  const fact = (r: Row): TxFact => ({
    id: r.id,
    accountId: r.accountId,
    date: r.date,
    amountMinor: r.amountMinor,
    currency: r.currency,
    merchantKey: keyOf(r.description, r.merchant),
    categoryId: r.categoryId,
    externalId: r.externalId,
    counts: r.transferId === null && !(r.categoryId !== null && transfer.has(r.categoryId)),
  });
  if (ids.length === 0) return { arrived: [], recent: [], window: [], parents };
  const arrivedRows = await db
    .select(columns)
    .from(transactions)
    .where(and(eq(transactions.userId, userId), inArray(transactions.id, [...ids])));
  const arrived = arrivedRows.map(fact);
  const recent = arrived.filter((t) => t.date >= recentFrom);
  if (recent.length === 0) return { arrived, recent, window: [], parents };
  const dates = recent.map((r) => r.date).sort();
  const windowRows = await db
    .select(columns)
    .from(transactions)
    .where(
      and(
        eq(transactions.userId, userId),
        // Past the latest arrival too: its duplicate may be a row dated a day or two later.
        between(
          transactions.date,
          addDays(dates[0]!, -HISTORY_DAYS),
          addDays(dates[dates.length - 1]!, DUPLICATE_WINDOW_DAYS),
        ),
      ),
    );
  // The arrivals themselves as the window holds them (one merchant key per row).
  const window = windowRows.map(fact);
  const byId = new Map(window.map((t) => [t.id, t]));
  return { arrived, recent: recent.map((t) => byId.get(t.id) ?? t), window, parents };
};
