import { DecimalParseError, isCurrencyCode, parseDecimal } from "@fincoach/money";
import type { Transaction as PlaidTransaction } from "plaid";

/** The tag a bank row carries while Plaid reports it pending (there is no pending column). */
export const PENDING_TAG = "pending";

/** A Plaid transaction as a FinCoach row, before it is placed in an account. */
export type BankDraft = {
  plaidAccountId: string;
  /** Plaid's transaction_id: the row's external id (unique per account). */
  externalId: string;
  date: string;
  /** FinCoach's sign: negative is money out of the account (Plaid's is the opposite). */
  amountMinor: bigint;
  currency: string;
  description: string;
  merchant: string | null;
  pending: boolean;
};

export class UnreadableTransaction extends Error {
  override readonly name = "UnreadableTransaction";
}

/**
 * Plaid sends amounts as JSON numbers. A number's shortest round-trip text (`String`) is the
 * decimal Plaid wrote for any amount a currency can hold, so it goes through the strict
 * decimal grammar: more fraction digits than the currency has, an exponent or an amount out
 * of range is refused, never rounded. Only the sign flip is arithmetic, and it is on bigint.
 */
export const plaidAmountMinor = (amount: number, currency: string): bigint => {
  if (typeof amount !== "number" || !Number.isFinite(amount))
    throw new UnreadableTransaction(`amount ${String(amount)} is not a number`);
  try {
    return -parseDecimal(String(amount), currency).minor;
  } catch (e) {
    if (e instanceof DecimalParseError) throw new UnreadableTransaction(`amount ${amount} ${currency}: ${e.message}`);
    throw e;
  }
};

/**
 * Maps Plaid's Transaction to a draft. Throws UnreadableTransaction for one FinCoach cannot
 * hold exactly: no ISO currency (Plaid's `unofficial_currency_code`, e.g. crypto), or an amount
 * the currency cannot represent.
 */
export const toBankDraft = (t: PlaidTransaction): BankDraft => {
  const currency = t.iso_currency_code;
  if (!currency || !isCurrencyCode(currency))
    throw new UnreadableTransaction(
      `transaction ${t.transaction_id} has no ISO currency (${t.unofficial_currency_code ?? "none"})`,
    );
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.date)) throw new UnreadableTransaction(`transaction date ${t.date} is not a date`);
  const name = (t.name ?? "").trim();
  const merchant = t.merchant_name?.trim() || null;
  return {
    plaidAccountId: t.account_id,
    externalId: t.transaction_id,
    date: t.date,
    amountMinor: plaidAmountMinor(t.amount, currency),
    currency,
    description: name || merchant || "(no description)",
    merchant,
    pending: t.pending === true,
  };
};
