import assert from "node:assert/strict";
import { test } from "node:test";
import type { Transaction } from "plaid";
import { plaidAmountMinor, toBankDraft, UnreadableTransaction } from "./bank-draft.ts";

test("Plaid amounts become exact minor units with FinCoach's sign (positive Plaid = money out)", () => {
  assert.equal(plaidAmountMinor(12.34, "USD"), -1234n);
  assert.equal(plaidAmountMinor(-2500, "USD"), 250000n);
  assert.equal(plaidAmountMinor(0.1, "USD"), -10n);
  assert.equal(plaidAmountMinor(0.3, "USD"), -30n);
  assert.equal(plaidAmountMinor(1234567.89, "EUR"), -123456789n);
  assert.equal(plaidAmountMinor(9999999999999.99, "USD"), -999999999999999n);
  assert.equal(plaidAmountMinor(1500, "JPY"), -1500n);
  assert.equal(plaidAmountMinor(1.234, "KWD"), -1234n);
  assert.equal(plaidAmountMinor(0, "USD"), 0n);
});

test("an amount the currency cannot hold is refused, never rounded", () => {
  assert.throws(() => plaidAmountMinor(1.005, "USD"), UnreadableTransaction);
  assert.throws(() => plaidAmountMinor(12.5, "JPY"), UnreadableTransaction);
  assert.throws(() => plaidAmountMinor(1e21, "USD"), UnreadableTransaction);
  assert.throws(() => plaidAmountMinor(1e-7, "USD"), UnreadableTransaction);
  assert.throws(() => plaidAmountMinor(Number.NaN, "USD"), UnreadableTransaction);
});

const plaidTx = (over: Partial<Transaction>): Transaction =>
  ({
    transaction_id: "tx1",
    account_id: "acc1",
    amount: 4.5,
    iso_currency_code: "USD",
    unofficial_currency_code: null,
    date: "2026-11-30",
    name: "  Blue Bottle Coffee ",
    merchant_name: "Blue Bottle",
    pending: true,
    pending_transaction_id: null,
    ...over,
  }) as Transaction;

test("a Plaid transaction maps to a draft: id, date, text, merchant, pending", () => {
  assert.deepEqual(toBankDraft(plaidTx({})), {
    plaidAccountId: "acc1",
    externalId: "tx1",
    date: "2026-11-30",
    amountMinor: -450n,
    currency: "USD",
    description: "Blue Bottle Coffee",
    merchant: "Blue Bottle",
    pending: true,
  });
  assert.equal(toBankDraft(plaidTx({ name: "", merchant_name: "Shop" })).description, "Shop");
});

test("a transaction without an ISO currency (crypto: unofficial_currency_code) is unreadable", () => {
  assert.throws(
    () => toBankDraft(plaidTx({ iso_currency_code: null, unofficial_currency_code: "BTC" })),
    /no ISO currency \(BTC\)/,
  );
});
