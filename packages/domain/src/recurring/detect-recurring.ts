import type { RecurringCadence, RecurringDirection } from "@fincoach/db";
import { amountClusters, confirmedPriceChange, meanMinor, type PriceChange } from "./amounts.ts";
import { fromEpochDay, toEpochDay } from "./epoch-day.ts";
import { bestFit, type Charge, type Fit } from "./fit-schedule.ts";
import { nearestSlot } from "./schedule.ts";

/** One transaction as the detector sees it; `merchantKey` is merchantKeyOf(description, merchant). */
export type RecurringInput = {
  id: string;
  accountId: string;
  merchantKey: string;
  date: string;
  /** Signed: negative is money out. */
  amountMinor: bigint;
  currency: string;
};

export type DetectedStream = {
  accountId: string;
  merchantKey: string;
  direction: RecurringDirection;
  currency: string;
  cadence: RecurringCadence;
  /** Oldest first. */
  members: { id: string; date: string; amountMinor: bigint }[];
  averageMinor: bigint;
  lastAmountMinor: bigint;
  firstDate: string;
  lastDate: string;
  /** The next slot after the last charge, and the one after that. */
  predictedNextDate: string;
  followingDate: string;
  priceChange: PriceChange | null;
};

/** The key a person's "end" is remembered under: a stream with the same key is never re-created. */
export const streamKey = (s: { accountId: string; merchantKey: string; direction: string; cadence: string }): string =>
  `${s.accountId}\u0000${s.merchantKey}\u0000${s.direction}\u0000${s.cadence}`;

/** Transactions grouped by account, merchant, currency and direction: a refund never joins a charge's stream. */
export const groupKey = (t: RecurringInput): string =>
  `${t.accountId}\u0000${t.merchantKey}\u0000${t.currency}\u0000${t.amountMinor < 0n ? "outflow" : "inflow"}`;

/**
 * Charges at one merchant and price whose median interval is shorter than any cadence allows
 * (under 5 days: the weekly period less its tolerance on each of two charges, as in 2, 7, 16,
 * 21 of a month: a weekly charge a day late, then a day early) are frequent spending, a coffee
 * most days, not a subscription: fitting them would find a "weekly" stream per weekday.
 */
export const FREQUENT_MEDIAN_INTERVAL_DAYS = 5;
const isFrequentSpending = (sorted: readonly Charge[]): boolean => {
  if (sorted.length < 3) return false;
  const intervals = sorted
    .slice(1)
    .map((c, i) => c.day - sorted[i]!.day)
    .sort((a, b) => a - b);
  const mid = intervals.length / 2;
  const median = intervals.length % 2 === 1 ? intervals[Math.floor(mid)]! : (intervals[mid - 1]! + intervals[mid]!) / 2;
  return median < FREQUENT_MEDIAN_INTERVAL_DAYS;
};

/**
 * Finds one group's fits: in each amount cluster, repeatedly the best schedule over the
 * charges not yet used (so several subscriptions at one merchant and price are each found),
 * until none fits two charges.
 */
const fitsOfGroup = (charges: Charge[], currency: string): Fit[] => {
  const fits: Fit[] = [];
  for (const cluster of amountClusters(charges, currency)) {
    let remaining = cluster.sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : 1));
    if (isFrequentSpending(remaining)) continue;
    while (remaining.length >= 2) {
      const fit = bestFit(remaining);
      if (!fit) break;
      fits.push(fit);
      // A fit below its cadence's minimum is kept only as a possible price-change continuation;
      // the best fit being that small means nothing larger is left in this cluster.
      if (fit.members.length < fit.schedule.spec.minOccurrences) break;
      const used = new Set(fit.members.map((m) => m.id));
      remaining = remaining.filter((c) => !used.has(c.id));
    }
  }
  return fits;
};

/**
 * A price change shows as two fits of one cadence, the second starting on the first one's
 * next (or next but one) slot at another amount: they are one stream, continuing on the
 * later fit's schedule. The later part needs two charges (it is a fit), which is what
 * confirms the change.
 */
const mergePriceChanges = (fits: Fit[]): Fit[] => {
  const sorted = [...fits].sort((a, b) => a.members[0]!.day - b.members[0]!.day);
  const out: Fit[] = [];
  for (const fit of sorted) {
    const before = out.findIndex((prev) => continues(prev, fit));
    if (before < 0) {
      out.push(fit);
      continue;
    }
    const prev = out[before]!;
    out[before] = {
      schedule: fit.schedule,
      members: [...prev.members, ...fit.members],
      slots: fit.slots,
      missed: prev.missed + fit.missed,
      deviation: prev.deviation + fit.deviation,
    };
  }
  return out;
};

const continues = (prev: Fit, next: Fit): boolean => {
  if (prev.schedule.spec.cadence !== next.schedule.spec.cadence) return false;
  const last = prev.members.at(-1)!;
  const first = next.members[0]!;
  if (first.day <= last.day || first.amountMinor === last.amountMinor) return false;
  const { k, distance } = nearestSlot(prev.schedule, first.day);
  const step = k - prev.slots.at(-1)!;
  return distance <= prev.schedule.spec.toleranceDays && step >= 1 && step <= 2;
};

const toStream = (fit: Fit, group: RecurringInput): DetectedStream => {
  const members = fit.members.map((m) => ({ id: m.id, date: m.date, amountMinor: m.amountMinor }));
  const lastSlot = fit.slots.at(-1)!;
  return {
    accountId: group.accountId,
    merchantKey: group.merchantKey,
    direction: group.amountMinor < 0n ? "outflow" : "inflow",
    currency: group.currency,
    cadence: fit.schedule.spec.cadence,
    members,
    averageMinor: meanMinor(members.map((m) => m.amountMinor)),
    lastAmountMinor: members.at(-1)!.amountMinor,
    firstDate: members[0]!.date,
    lastDate: members.at(-1)!.date,
    predictedNextDate: fromEpochDay(fit.schedule.slotDate(lastSlot + 1)),
    followingDate: fromEpochDay(fit.schedule.slotDate(lastSlot + 2)),
    priceChange: confirmedPriceChange(members),
  };
};

/**
 * The recurring streams in one person's transactions (pure: no clock, no database). See
 * docs/recurring.md: group by account, merchant, currency and direction; cluster by amount;
 * fit each cluster to the best cadence and anchor; join a cluster that continues another at a
 * new price; keep streams with at least the cadence's minimum number of charges. Zero amounts
 * are ignored. Streams come out ordered by account, merchant, then first date.
 */
export const detectRecurring = (transactions: readonly RecurringInput[]): DetectedStream[] => {
  const groups = new Map<string, RecurringInput[]>();
  for (const t of transactions) {
    if (t.amountMinor === 0n) continue;
    const key = groupKey(t);
    const list = groups.get(key);
    if (list) list.push(t);
    else groups.set(key, [t]);
  }
  const streams: DetectedStream[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    const charges = group.map((t) => ({ id: t.id, date: t.date, day: toEpochDay(t.date), amountMinor: t.amountMinor }));
    const fits = mergePriceChanges(fitsOfGroup(charges, group[0]!.currency));
    for (const fit of fits) {
      if (fit.members.length < fit.schedule.spec.minOccurrences) continue;
      streams.push(toStream(fit, group[0]!));
    }
  }
  return streams
    .sort((a, b) => (a.firstDate < b.firstDate ? -1 : a.firstDate > b.firstDate ? 1 : 0))
    .sort((a, b) => (groupOrder(a) < groupOrder(b) ? -1 : groupOrder(a) > groupOrder(b) ? 1 : 0));
};

const groupOrder = (s: DetectedStream): string => `${s.accountId}\u0000${s.merchantKey}`;
