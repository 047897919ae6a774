import { transactions } from "@fincoach/db";
import { currencyExponent, isCurrencyCode } from "@fincoach/money";
import { type SQL, sql } from "drizzle-orm";

/** Scale of the wire's decimal strings: DecimalAmount allows at most four decimals. */
const WIRE_SCALE = 4;

/**
 * Every currency whose exponent is not the default 2, grouped by exponent. Probing all
 * three-letter codes once at start-up (17,576 set lookups) uses only @fincoach/money's
 * public API, so this can never disagree with how amounts are parsed and stored.
 */
const NON_DEFAULT_EXPONENTS: ReadonlyArray<{ exponent: number; codes: string[] }> = (() => {
  const groups = new Map<number, string[]>();
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (const a of letters)
    for (const b of letters)
      for (const c of letters) {
        const code = a + b + c;
        if (!isCurrencyCode(code)) continue;
        const e = currencyExponent(code);
        if (e !== 2) groups.set(e, [...(groups.get(e) ?? []), code]);
      }
  return [...groups].map(([exponent, codes]) => ({ exponent, codes }));
})();

/** A wire decimal ("-12.5") as an integer count of 10^-4 units, exactly. */
const toWireUnits = (text: string): bigint => {
  const [whole = "0", frac = ""] = text.replace(/^-/, "").split(".");
  const units = BigInt(whole + frac.padEnd(WIRE_SCALE, "0"));
  return text.startsWith("-") ? -units : units;
};

const floorDiv = (a: bigint, b: bigint): bigint => a / b - (a % b < 0n ? 1n : 0n);
const ceilDiv = (a: bigint, b: bigint): bigint => -floorDiv(-a, b);

/**
 * `amount_minor >= min` (or `<= max`) across rows of different currencies, compared by
 * value: the bound becomes minor units of each row's exponent (rounded inwards, exactly,
 * in bigint), chosen by a CASE on the row's currency. No float, no numeric division.
 */
export const amountBound = (op: ">=" | "<=", bound: string): SQL => {
  const units = toWireUnits(bound);
  const inMinor = (exponent: number) => {
    const den = 10n ** BigInt(WIRE_SCALE - exponent);
    return op === ">=" ? ceilDiv(units, den) : floorDiv(units, den);
  };
  const branches = NON_DEFAULT_EXPONENTS.map(
    ({ exponent, codes }) =>
      sql`when ${transactions.currency} in ${codes} then ${inMinor(exponent).toString()}::bigint`,
  );
  const threshold = sql`case ${sql.join(branches, sql` `)} else ${inMinor(2).toString()}::bigint end`;
  return sql`${transactions.amountMinor} ${sql.raw(op)} ${threshold}`;
};
