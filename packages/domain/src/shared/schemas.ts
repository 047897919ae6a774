import { DATE_RANGE_MESSAGE, isDateInRange, MAX_DATE, MIN_DATE } from "@fincoach/importers";
import { isCurrencyCode, MAX_AMOUNT_MINOR } from "@fincoach/money";
import { z } from "zod";

export const Uuid = z.uuid();

/**
 * A calendar date, ISO 8601 (YYYY-MM-DD), checked to exist (no 2024-02-30) and to lie in
 * the one range FinCoach accepts everywhere (MIN_DATE..MAX_DATE, @fincoach/importers):
 * PostgreSQL would store year 0000 or 9999, or answer 500 for what it can't.
 */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date like 2024-01-31", abort: true })
  // zod 4 runs this even when the regex failed, so an unparsable string must give false, not throw.
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    },
    { error: "is not a real calendar date", abort: true },
  )
  .refine(isDateInRange, DATE_RANGE_MESSAGE)
  .meta({ example: "2024-01-31", description: `A date from ${MIN_DATE} to ${MAX_DATE}` });

/** ISO 4217 alphabetic code; lower case is accepted and normalized. */
export const CurrencyCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine(isCurrencyCode, "must be an ISO 4217 currency code like EUR")
  .meta({ example: "EUR" });

/** Integer digits of MAX_AMOUNT_MINOR (15): no currency can store a longer whole part. */
const MAX_WHOLE_DIGITS = MAX_AMOUNT_MINOR.toString().length;
/** The largest ISO 4217 exponent (CLF, UYW). */
const MAX_FRACTION_DIGITS = 4;

/**
 * Money on the wire: a decimal string, never a JSON number (floats can't hold 0.1 exactly).
 * The shape refuses what no currency can store; whether the amount has too many decimals for
 * its currency, or lies beyond ±MAX_AMOUNT_MINOR minor units of it (99999999999.9999 CLF,
 * 9999999999999.99 EUR), is checked by `toMinor` where the currency is known: both answer 400
 * naming the field.
 */
export const DecimalAmount = z
  .string()
  .regex(
    new RegExp(`^-?\\d{1,${MAX_WHOLE_DIGITS}}(\\.\\d{1,${MAX_FRACTION_DIGITS}})?$`),
    `must be a decimal string like "-12.34", at most ${MAX_WHOLE_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after`,
  )
  .meta({ example: "-12.34" });

export const Timestamp = z.string().meta({ example: "2024-01-31T12:00:00.000Z" });
