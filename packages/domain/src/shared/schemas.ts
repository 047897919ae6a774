import { isCurrencyCode } from "@fincoach/money";
import { z } from "zod";

export const Uuid = z.uuid();

/** A calendar date, ISO 8601 (YYYY-MM-DD), checked to exist (no 2024-02-30). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date like 2024-01-31", abort: true })
  // zod 4 runs this even when the regex failed, so an unparsable string must give false, not throw.
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "is not a real calendar date")
  .meta({ example: "2024-01-31" });

/** ISO 4217 alphabetic code; lower case is accepted and normalized. */
export const CurrencyCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine(isCurrencyCode, "must be an ISO 4217 currency code like EUR")
  .meta({ example: "EUR" });

/**
 * Money on the wire: a decimal string, never a JSON number (floats can't hold 0.1 exactly).
 * Whether it has too many decimals for its currency is checked where the currency is known.
 */
export const DecimalAmount = z
  .string()
  .regex(/^-?\d{1,15}(\.\d{1,4})?$/, 'must be a decimal string like "-12.34"')
  .meta({ example: "-12.34" });

export const Timestamp = z.string().meta({ example: "2024-01-31T12:00:00.000Z" });
