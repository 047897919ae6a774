import { type DbOrTx, type PriceChangeData, recurringStreams } from "@fincoach/db";
import { and, arrayOverlaps, eq, isNotNull, isNull } from "drizzle-orm";
import { toDecimal } from "../shared/amounts.ts";
import type { AlertCandidate } from "./alert-view.ts";

/** The facts of a confirmed price change on one recurring stream (recurring/ detects them). */
export type PriceChangeFact = {
  streamId: string;
  accountId: string;
  merchantKey: string;
  name: string | null;
  currency: string;
  priceChange: PriceChangeData;
};

/**
 * A subscription (or any recurring stream) changed price: two consecutive charges at a new
 * amount after a run at the old one (the recurring detector's confirmation). Raised once per
 * stream and change (its first charge at the new amount), so a later change raises again.
 */
export const subscriptionPriceChange = (f: PriceChangeFact): AlertCandidate => {
  const previous = BigInt(f.priceChange.previousMinor);
  const amount = BigInt(f.priceChange.amountMinor);
  const abs = (v: bigint) => (v < 0n ? -v : v);
  return {
    kind: "subscription_price_change",
    causeKey: `subscription_price_change:${f.streamId}:${f.priceChange.since}`,
    details: {
      currency: f.currency,
      streamId: f.streamId,
      name: f.name ?? f.merchantKey,
      previous: toDecimal(abs(previous), f.currency),
      amount: toDecimal(abs(amount), f.currency),
      change: toDecimal(abs(amount) - abs(previous), f.currency),
      since: f.priceChange.since,
      confirmedOn: f.priceChange.confirmedOn,
    },
  };
};

/**
 * The price changes stored on the person's recurring streams (not ended by them) that any
 * of `transactionIds` belongs to. It reads `recurring_streams` as stored: a stream refreshed
 * after this evaluation is seen by the next one, or by whoever stores streams calling
 * `raisePriceChangeAlerts` (alerts/raise-alerts.ts) with the facts.
 */
export const priceChangeFacts = async (
  db: DbOrTx,
  userId: string,
  transactionIds: readonly string[],
): Promise<PriceChangeFact[]> => {
  if (transactionIds.length === 0) return [];
  const rows = await db
    .select()
    .from(recurringStreams)
    .where(
      and(
        eq(recurringStreams.userId, userId),
        isNull(recurringStreams.endedAt),
        isNotNull(recurringStreams.priceChange),
        arrayOverlaps(recurringStreams.transactionIds, [...transactionIds]),
      ),
    );
  return rows.map((s) => ({
    streamId: s.id,
    accountId: s.accountId,
    merchantKey: s.merchantKey,
    name: s.name,
    currency: s.currency,
    priceChange: s.priceChange!,
  }));
};
