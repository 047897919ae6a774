import { formatDecimal } from "./decimal-format.ts";

/**
 * The largest magnitude any stored amount may have, in minor units of its currency:
 * 10^15 − 1 (9,999,999,999,999.99 EUR, 999,999,999,999,999 JPY, 99,999,999,999.9999 CLF).
 *
 * Why this bound: it is below 2^53, so an amount read as a JavaScript number (JSON clients,
 * charts, the ML service) is still exact; PostgreSQL's bigint (2^63) holds it with room for
 * sums of 9,223 amounts at the bound (and `sum(bigint)` aggregates in numeric anyway); and it
 * equals the API's 15 integer digits for zero-decimal currencies, so every JPY amount the API
 * accepted before is still accepted.
 */
export const MAX_AMOUNT_MINOR = 10n ** 15n - 1n;

/** True when `minor` lies in [-MAX_AMOUNT_MINOR, MAX_AMOUNT_MINOR]. */
export const isAmountInRange = (minor: bigint): boolean => minor <= MAX_AMOUNT_MINOR && minor >= -MAX_AMOUNT_MINOR;

/** The message every refusal of an out-of-range amount uses, e.g. "is out of range: at most ±9999999999999.99 EUR". */
export const amountRangeMessage = (currency: string): string =>
  `is out of range: at most ±${formatDecimal({ minor: MAX_AMOUNT_MINOR, currency })} ${currency}`;
