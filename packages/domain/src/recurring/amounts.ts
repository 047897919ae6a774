import { currencyExponent } from "@fincoach/money";

/**
 * Amount tolerance: two charges are "the same amount" for grouping when they differ by at
 * most 10 % of the smaller one's size, or by one major unit (1.00 EUR, 1 JPY) when that is
 * more, so small charges (0.79, 2.99) are not split by a few cents of tax or exchange.
 */
export const AMOUNT_TOLERANCE_PERCENT = 10n;

export const amountTolerance = (minor: bigint, currency: string): bigint => {
  const size = minor < 0n ? -minor : minor;
  const floor = 10n ** BigInt(currencyExponent(currency));
  const percent = (size * AMOUNT_TOLERANCE_PERCENT) / 100n;
  return percent > floor ? percent : floor;
};

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/**
 * Amount clusters of one merchant's charges: sorted by size, a charge joins the current
 * cluster while it is within tolerance of the cluster's smallest charge. Each cluster is
 * fitted to a schedule on its own, so a subscription is found among other purchases at the
 * same merchant, and two subscriptions at one merchant (two app plans) stay apart.
 */
export const amountClusters = <T extends { amountMinor: bigint }>(items: readonly T[], currency: string): T[][] => {
  const sorted = [...items].sort((a, b) =>
    abs(a.amountMinor) < abs(b.amountMinor) ? -1 : abs(a.amountMinor) > abs(b.amountMinor) ? 1 : 0,
  );
  const clusters: T[][] = [];
  let current: T[] = [];
  for (const item of sorted) {
    const first = current[0];
    if (first && abs(item.amountMinor) - abs(first.amountMinor) > amountTolerance(first.amountMinor, currency)) {
      clusters.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) clusters.push(current);
  return clusters;
};

/** The mean of signed minor units, rounded half to even to the minor unit (exact: bigint only). */
export const meanMinor = (values: readonly bigint[]): bigint => {
  const n = BigInt(values.length);
  const sum = values.reduce((a, b) => a + b, 0n);
  const negative = sum < 0n;
  const size = negative ? -sum : sum;
  let q = size / n;
  const r2 = (size % n) * 2n;
  if (r2 > n || (r2 === n && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
};

export type PriceChange = { previousMinor: bigint; amountMinor: bigint; since: string; confirmedOn: string };

/**
 * A confirmed price change: the stream's latest run of equal amounts has at least two
 * charges (two consecutive charges share the new amount), and an earlier run of at least two
 * charges had a different amount (the price it changed from; a single odd charge between them
 * is a one-off, not a price). Exact equality: a 9.99 -> 10.49 rise is a change even though it
 * is within the grouping tolerance. Null when there is none.
 */
export const confirmedPriceChange = (members: readonly { date: string; amountMinor: bigint }[]): PriceChange | null => {
  const runs: { amountMinor: bigint; start: number; length: number }[] = [];
  members.forEach((m, i) => {
    const last = runs.at(-1);
    if (last && last.amountMinor === m.amountMinor) last.length++;
    else runs.push({ amountMinor: m.amountMinor, start: i, length: 1 });
  });
  const latest = runs.at(-1);
  if (!latest || latest.length < 2) return null;
  const previous = runs.slice(0, -1).findLast((r) => r.length >= 2 && r.amountMinor !== latest.amountMinor);
  if (!previous) return null;
  return {
    previousMinor: previous.amountMinor,
    amountMinor: latest.amountMinor,
    since: members[latest.start]!.date,
    confirmedOn: members[latest.start + 1]!.date,
  };
};
