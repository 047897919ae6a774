import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { duplicateCharge } from "./duplicate-charge.ts";
import { largeTransaction } from "./large-transaction.ts";
import { modifiedZScore, nearestRankPercentile, roundMinor } from "./robust-statistics.ts";
import type { TxFact } from "./transaction-facts.ts";
import { unusualCharge } from "./unusual-charge.ts";

let n = 0;
const fact = (p: Partial<TxFact> & { amountMinor: bigint; date?: string }): TxFact => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
  accountId: "acc-1",
  date: "2026-04-01",
  currency: "EUR",
  merchantKey: "corner cafe",
  categoryId: "cat-coffee",
  externalId: null,
  counts: true,
  ...p,
});
const history = (amounts: number[], p: Partial<TxFact> = {}) =>
  amounts.map((a, i) => fact({ amountMinor: BigInt(-a), date: `2026-03-${String(i + 1).padStart(2, "0")}`, ...p }));

describe("robust statistics", () => {
  test("modified z-score: median and MAD, the mean absolute deviation when MAD is 0, undefined with no spread", () => {
    // median 400, deviations 20,10,0,0,10,20 -> MAD 10; 0.6745 × 60 / 10
    assert.equal(modifiedZScore(460, [400, 420, 380, 410, 390, 400]), (0.6745 * 60) / 10);
    // MAD 0 (four of five equal the median); MeanAD = 200 / 5 = 40
    assert.equal(modifiedZScore(1300, [1000, 1000, 1000, 1000, 1200]), 300 / (1.253314 * 40));
    assert.equal(modifiedZScore(1300, [1000, 1000, 1000]), undefined);
  });

  test("nearest-rank percentile and half-even rounding", () => {
    assert.equal(nearestRankPercentile([5, 1, 4, 2, 3], 99), 5);
    assert.equal(nearestRankPercentile([5, 1, 4, 2, 3], 40), 2);
    assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, 7].map(roundMinor), [0n, 2n, 2n, 0n, -2n, 7n]);
  });
});

describe("unusual charge", () => {
  const past = history([400, 420, 380, 410, 390, 400]);

  test("a charge with modified z-score above 3.5 at the merchant is unusual, with the figures", () => {
    const tx = fact({ amountMinor: -460n, date: "2026-04-10" });
    const alert = unusualCharge(tx, [...past, tx]);
    assert.deepEqual(alert, {
      kind: "unusual_charge",
      causeKey: `unusual_charge:${tx.id}`,
      transactionId: tx.id,
      categoryId: "cat-coffee",
      details: {
        currency: "EUR",
        amount: "4.60",
        median: "4.00",
        mad: "0.10",
        score: 4.05,
        basis: "merchant",
        history: 6,
      },
    });
  });

  test("z = 3.37 is not unusual, nor is a low charge, nor money in", () => {
    for (const amountMinor of [-450n, -100n, 5000n]) {
      const tx = fact({ amountMinor, date: "2026-04-10" });
      assert.equal(unusualCharge(tx, [...past, tx]), undefined, String(amountMinor));
    }
  });

  test("MAD 0 uses the mean absolute deviation; no spread at all needs twice the constant amount", () => {
    const skewed = history([1000, 1000, 1000, 1000, 1200]);
    const tx = fact({ amountMinor: -1300n, date: "2026-04-10" });
    const alert = unusualCharge(tx, [...skewed, tx]);
    assert.equal(alert?.details.score, 5.98);
    assert.equal(alert?.details.mad, "0.00");
    const flat = history([1000, 1000, 1000, 1000, 1000]);
    const almost = fact({ amountMinor: -1999n, date: "2026-04-10" });
    assert.equal(unusualCharge(almost, [...flat, almost]), undefined);
    const twice = fact({ amountMinor: -2000n, date: "2026-04-10" });
    assert.equal(unusualCharge(twice, [...flat, twice])?.details.score, null);
  });

  test("fewer than 5 charges at the merchant falls back to the category; fewer there too, nothing", () => {
    const elsewhere = history([400, 420, 380, 410, 390, 400], { merchantKey: "other cafe" });
    const tx = fact({ amountMinor: -460n, date: "2026-04-10" });
    assert.equal(unusualCharge(tx, [...elsewhere, tx])?.details.basis, "category");
    const few = history([400, 420, 380, 410]);
    assert.equal(unusualCharge(tx, [...few, tx]), undefined);
    // History older than a year, in another currency, or transfers is no history.
    const old = history([400, 420, 380, 410, 390, 400], { date: "2025-04-09" });
    assert.equal(unusualCharge(tx, [...old, tx]), undefined);
    const usd = history([400, 420, 380, 410, 390, 400], { currency: "USD" });
    assert.equal(unusualCharge(tx, [...usd, tx]), undefined);
    const transfers = history([400, 420, 380, 410, 390, 400], { counts: false });
    assert.equal(unusualCharge(tx, [...transfers, tx]), undefined);
  });
});

describe("duplicate charge", () => {
  test("same account, amount and merchant within 3 days is a duplicate, keyed by the pair", () => {
    const first = fact({ amountMinor: -1999n, date: "2026-04-01", externalId: "A" });
    const second = fact({ amountMinor: -1999n, date: "2026-04-04", externalId: "B" });
    const a = duplicateCharge(second, [first, second]);
    assert.deepEqual(a, {
      kind: "duplicate_charge",
      causeKey: `duplicate_charge:${first.id}:${second.id}`,
      transactionId: second.id,
      categoryId: "cat-coffee",
      details: { currency: "EUR", amount: "19.99", otherTransactionId: first.id, daysApart: 3 },
    });
    // Found from either side with the same key: raised once.
    assert.equal(duplicateCharge(first, [first, second])?.causeKey, a?.causeKey);
  });

  test("4 days apart, another account, amount or merchant, the same external id, or money in: none", () => {
    const base = fact({ amountMinor: -1999n, date: "2026-04-01", externalId: "A" });
    const others = [
      fact({ amountMinor: -1999n, date: "2026-04-05" }),
      fact({ amountMinor: -1999n, date: "2026-04-02", accountId: "acc-2" }),
      fact({ amountMinor: -2000n, date: "2026-04-02" }),
      fact({ amountMinor: -1999n, date: "2026-04-02", merchantKey: "other" }),
      fact({ amountMinor: -1999n, date: "2026-04-02", externalId: "A" }),
    ];
    for (const other of others) assert.equal(duplicateCharge(base, [base, other]), undefined, other.id);
    const income = fact({ amountMinor: 1999n });
    assert.equal(duplicateCharge(income, [income, fact({ amountMinor: 1999n })]), undefined);
  });
});

describe("large income or spend", () => {
  // 10.00 ... 100.00: median 55.00, nearest-rank P99 = 100.00
  const spends = history([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000], { merchantKey: "x" });

  test("above the 99th percentile and at least twice the median", () => {
    const tx = fact({ amountMinor: -11000n, date: "2026-04-10", merchantKey: "y" });
    assert.deepEqual(largeTransaction(tx, [...spends, tx])?.details, {
      currency: "EUR",
      direction: "spend",
      amount: "110.00",
      percentile99: "100.00",
      median: "55.00",
      history: 10,
    });
    // Above P99 but below 2 × median; and income is judged against income only.
    const below = fact({ amountMinor: -10999n, date: "2026-04-10" });
    assert.equal(largeTransaction(below, [...spends, below]), undefined);
    const income = fact({ amountMinor: 50000n, date: "2026-04-10" });
    assert.equal(largeTransaction(income, [...spends, income]), undefined);
  });

  test("fewer than 10 past amounts in that direction: nothing is large", () => {
    const tx = fact({ amountMinor: -99999n, date: "2026-04-10" });
    assert.equal(largeTransaction(tx, [...spends.slice(1), tx]), undefined);
  });
});
