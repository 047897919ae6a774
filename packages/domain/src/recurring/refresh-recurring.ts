import {
  type DbOrTx,
  type NewRecurringStream,
  type RecurringStream,
  recurringStreams,
  transactions,
} from "@fincoach/db";
import { and, eq, gte, inArray, isNull, max, sql } from "drizzle-orm";
import { merchantKeyCache } from "../categorization/merchant-key.ts";
import type { Ctx } from "../shared/context.ts";
import { type DetectedStream, detectRecurring, type RecurringInput, streamKey } from "./detect-recurring.ts";

/**
 * How far back a refresh reads, from each account's latest transaction: three years holds
 * two annual renewals and their tolerance with room to spare, and bounds the work per refresh.
 */
export const HISTORY_DAYS = 1100;

/** Which streams to refresh: the accounts that got transactions, optionally only some merchants (merchantKeyOf keys). */
export type RefreshScope = { accountIds?: readonly string[]; merchantKeys?: readonly string[] };

export type RefreshSummary = { created: number; updated: number; removed: number };

const readInputs = async (db: DbOrTx, userId: string, scope: RefreshScope): Promise<RecurringInput[]> => {
  const accountFilter = scope.accountIds ? inArray(transactions.accountId, [...scope.accountIds]) : undefined;
  const latest = await db
    .select({ accountId: transactions.accountId, latest: max(transactions.date) })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), accountFilter))
    .groupBy(transactions.accountId);
  const keyOf = merchantKeyCache();
  const wanted = scope.merchantKeys ? new Set(scope.merchantKeys) : null;
  const out: RecurringInput[] = [];
  for (const { accountId, latest: last } of latest) {
    if (!last) continue;
    const window = and(
      eq(transactions.userId, userId),
      eq(transactions.accountId, accountId),
      // A transfer between the person's own accounts is not a charge.
      isNull(transactions.transferId),
      gte(transactions.date, sql`${last}::date - ${HISTORY_DAYS}::int`),
    );
    // With merchants given (a create), only their rows are read: the merchant key is computed
    // here, not stored, so PostgreSQL first lists the account's distinct descriptors (few,
    // and nothing else crosses the wire), and the rows of those that map to a wanted key
    // follow (by description: a superset, filtered again below).
    let descriptions: string[] | null = null;
    if (wanted) {
      const pairs = await db
        .selectDistinct({ description: transactions.description, merchant: transactions.merchant })
        .from(transactions)
        .where(window);
      descriptions = [
        ...new Set(pairs.filter((p) => wanted.has(keyOf(p.description, p.merchant))).map((p) => p.description)),
      ];
      if (descriptions.length === 0) continue;
    }
    const rows = await db
      .select({
        id: transactions.id,
        date: transactions.date,
        amountMinor: transactions.amountMinor,
        currency: transactions.currency,
        description: transactions.description,
        merchant: transactions.merchant,
      })
      .from(transactions)
      .where(and(window, descriptions ? inArray(transactions.description, descriptions) : undefined));
    for (const r of rows) {
      const merchantKey = keyOf(r.description, r.merchant);
      if (wanted && !wanted.has(merchantKey)) continue;
      out.push({ id: r.id, accountId, merchantKey, date: r.date, amountMinor: r.amountMinor, currency: r.currency });
    }
  }
  return out;
};

const columnsOf = (d: DetectedStream) => ({
  cadence: d.cadence,
  currency: d.currency,
  occurrences: d.members.length,
  firstDate: d.firstDate,
  lastDate: d.lastDate,
  averageMinor: d.averageMinor,
  lastAmountMinor: d.lastAmountMinor,
  predictedNextDate: d.predictedNextDate,
  followingDate: d.followingDate,
  priceChange: d.priceChange && {
    previousMinor: d.priceChange.previousMinor.toString(),
    amountMinor: d.priceChange.amountMinor.toString(),
    since: d.priceChange.since,
    confirmedOn: d.priceChange.confirmedOn,
  },
  transactionIds: d.members.map((m) => m.id),
});

const sameGroup = (
  a: { accountId: string; merchantKey: string; direction: string },
  b: { accountId: string; merchantKey: string; direction: string },
): boolean => a.accountId === b.accountId && a.merchantKey === b.merchantKey && a.direction === b.direction;

/**
 * The stored stream a detection continues: in its group (account, merchant, direction), the
 * one sharing the most charges, whatever its cadence (more charges can turn an early
 * "biweekly" into semi-monthly: still the same stream, same id, name and confirmation);
 * without shared charges, an unclaimed one with the same cadence.
 */
const matchOf = (d: DetectedStream, live: RecurringStream[], claimed: Set<string>): RecurringStream | undefined => {
  const candidates = live.filter((s) => !claimed.has(s.id) && sameGroup(s, d));
  const ids = new Set(d.members.map((m) => m.id));
  let best: RecurringStream | undefined;
  let bestShared = 0;
  for (const s of candidates) {
    const shared = s.transactionIds.filter((id) => ids.has(id)).length;
    if (shared > bestShared) [best, bestShared] = [s, shared];
  }
  return best ?? candidates.find((s) => s.cadence === d.cadence);
};

/** Ended by the person: same account, merchant, direction and cadence, or any charge in common. */
const isTombstoned = (d: DetectedStream, ended: RecurringStream[]): boolean => {
  const key = streamKey(d);
  const ids = new Set(d.members.map((m) => m.id));
  return ended.some((s) => streamKey(s) === key || (sameGroup(s, d) && s.transactionIds.some((id) => ids.has(id))));
};

/**
 * Re-detects the person's recurring streams in the scope (all their accounts when none is
 * given) and stores the result: a detection continuing a stored stream updates it (its id,
 * name and confirmation stay), a new one is inserted, and a stored stream no longer detected
 * is removed unless the person confirmed or renamed it. Streams the person ended are never
 * touched, and detections with an ended stream's key, or sharing a charge with it, are
 * dropped (never re-created, not even under another cadence). Call it
 * after the transactions are committed (create, import, sync); it runs in its own
 * transaction under a per-person advisory lock, so concurrent refreshes apply in turn and
 * each reads what the one before it wrote.
 */
export const refreshRecurring = async ({
  ctx,
  scope = {},
}: {
  ctx: Ctx;
  scope?: RefreshScope;
}): Promise<RefreshSummary> =>
  ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`recurring:${ctx.userId}`}, 0))`);
    const inputs = await readInputs(tx, ctx.userId, scope);
    const stored = await tx
      .select()
      .from(recurringStreams)
      .where(
        and(
          eq(recurringStreams.userId, ctx.userId),
          scope.accountIds ? inArray(recurringStreams.accountId, [...scope.accountIds]) : undefined,
          scope.merchantKeys ? inArray(recurringStreams.merchantKey, [...scope.merchantKeys]) : undefined,
        ),
      );
    const ended = stored.filter((s) => s.endedAt);
    const live = stored.filter((s) => !s.endedAt);
    const claimed = new Set<string>();
    const summary: RefreshSummary = { created: 0, updated: 0, removed: 0 };
    const inserts: NewRecurringStream[] = [];
    for (const d of detectRecurring(inputs)) {
      if (isTombstoned(d, ended)) continue;
      const match = matchOf(d, live, claimed);
      if (match) {
        claimed.add(match.id);
        await tx.update(recurringStreams).set(columnsOf(d)).where(eq(recurringStreams.id, match.id));
        summary.updated++;
      } else {
        inserts.push({
          userId: ctx.userId,
          accountId: d.accountId,
          merchantKey: d.merchantKey,
          direction: d.direction,
          ...columnsOf(d),
        });
      }
    }
    if (inserts.length > 0) await tx.insert(recurringStreams).values(inserts);
    summary.created = inserts.length;
    const gone = live.filter((s) => !claimed.has(s.id) && !s.confirmedAt && s.name === null).map((s) => s.id);
    if (gone.length > 0) await tx.delete(recurringStreams).where(inArray(recurringStreams.id, gone));
    summary.removed = gone.length;
    return summary;
  });
