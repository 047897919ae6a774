import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { addDays } from "../budgets/calendar-date.ts";
import { historySample } from "./history-sample.ts";
import { madOfSorted, medianOfSorted, sortedSample } from "./robust-statistics.ts";
import { HISTORY_DAYS, type TxFact } from "./transaction-facts.ts";

const naiveMedian = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

test("median and MAD on a sorted sample equal the textbook definitions, for any center", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: -6_000, max: 6_000 }),
      (values, center) => {
        const s = sortedSample(values);
        assert.equal(medianOfSorted(s), naiveMedian(values));
        assert.equal(madOfSorted(s, center), naiveMedian(values.map((v) => Math.abs(v - center))));
      },
    ),
    { numRuns: 2_000 },
  );
});

const fact = fc.record({
  id: fc.uuid(),
  accountId: fc.constantFrom("a", "b"),
  date: fc.integer({ min: 0, max: 800 }).map((d) => addDays("2025-01-01", d)),
  amountMinor: fc.bigInt({ min: -3_000n, max: 3_000n }),
  currency: fc.constantFrom("EUR", "USD"),
  merchantKey: fc.constantFrom("netflix", "tesco", "shop"),
  categoryId: fc.constantFrom(null, "c1", "c2"),
  externalId: fc.constant(null),
  counts: fc.boolean(),
}) satisfies fc.Arbitrary<TxFact>;

test("each arrival's memoized history is exactly its own filtered history, itself left out", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fact, { selector: (t) => t.id, maxLength: 80 }), (window) => {
      for (const tx of window) {
        const group = {
          key: `merchant:${tx.merchantKey}`,
          match: (t: TxFact) => t.amountMinor < 0n && t.merchantKey === tx.merchantKey,
          value: (t: TxFact) => Number(-t.amountMinor),
        };
        const from = addDays(tx.date, -HISTORY_DAYS);
        const expected = window
          .filter(
            (t) =>
              t.id !== tx.id &&
              t.counts &&
              t.currency === tx.currency &&
              t.date >= from &&
              t.date <= tx.date &&
              group.match(t),
          )
          .map(group.value)
          .sort((a, b) => a - b);
        assert.deepEqual([...historySample(tx, window, group)], expected);
      }
    }),
    { numRuns: 300 },
  );
});
