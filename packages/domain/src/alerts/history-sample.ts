import { addDays } from "../budgets/calendar-date.ts";
import { sortedSample, withoutOne } from "./robust-statistics.ts";
import { HISTORY_DAYS, type TxFact } from "./transaction-facts.ts";

/** Which past rows a rule compares an arrival with, and the number it takes from each. */
export type HistoryGroup = { key: string; match: (t: TxFact) => boolean; value: (t: TxFact) => number };

const samples = new WeakMap<readonly TxFact[], Map<string, Float64Array>>();
const members = new WeakMap<readonly TxFact[], Set<string>>();

/**
 * The sorted values of `tx`'s history in `group`: the window's rows that count, in its
 * currency, dated within HISTORY_DAYS up to its day, other than `tx` itself.
 * Arrivals of one batch mostly share a few days and merchants, so the sample of a (group,
 * currency, day) is filtered and sorted once per window and each arrival only drops its own
 * value from it: a batch of 500 against a year of one busy merchant costs milliseconds, not
 * seconds (robust-statistics.ts says what was measured).
 */
export const historySample = (tx: TxFact, window: readonly TxFact[], group: HistoryGroup): Float64Array => {
  let cache = samples.get(window);
  if (!cache) {
    cache = new Map();
    samples.set(window, cache);
  }
  const key = `${group.key}\u0000${tx.currency}\u0000${tx.date}`;
  let all = cache.get(key);
  if (!all) {
    const from = addDays(tx.date, -HISTORY_DAYS);
    all = sortedSample(
      window
        .filter((t) => t.counts && t.currency === tx.currency && t.date >= from && t.date <= tx.date && group.match(t))
        .map(group.value),
    );
    cache.set(key, all);
  }
  let ids = members.get(window);
  if (!ids) {
    ids = new Set(window.map((t) => t.id));
    members.set(window, ids);
  }
  // tx is one of the rows the sample counted exactly when the window holds it and it matches.
  return ids.has(tx.id) && tx.counts && group.match(tx) ? withoutOne(all, group.value(tx)) : all;
};
