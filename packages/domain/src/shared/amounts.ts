import { invalidField } from "@fincoach/errors";
import { DecimalParseError, formatDecimal, parseDecimal } from "@fincoach/money";

/** Parses a validated decimal string into minor units of `currency`, naming `field` if it has too many decimals. */
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
