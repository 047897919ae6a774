import { invalidField } from "@fincoach/errors";
import { DecimalParseError, formatDecimal, parseDecimal } from "@fincoach/money";

/**
 * Parses a validated decimal string into minor units of `currency`. More decimals than the
 * currency has, or an amount beyond ±MAX_AMOUNT_MINOR minor units (so it could not be stored in
 * a bigint, or summed safely), is a VALIDATION error naming `field` (400), never a 500.
 */
export const toMinor = (field: string, amount: string, currency: string): bigint => {
  try {
    return parseDecimal(amount, currency).minor;
  } catch (e) {
    if (e instanceof DecimalParseError) throw invalidField(field, e.message);
    throw e;
  }
};

/** Minor units back to the wire's decimal string. */
export const toDecimal = (minor: bigint, currency: string): string => formatDecimal({ minor, currency });
