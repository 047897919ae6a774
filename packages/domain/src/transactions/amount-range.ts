import { transactions } from "@fincoach/db";
import { currencyExponent, isCurrencyCode, MAX_AMOUNT_MINOR } from "@fincoach/money";
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

export type AmountOp = ">=" | "<=";
const prefix = (op: AmountOp) => (op === ">=" ? "min" : "max");

/**
 * `amount_minor >= min` (or `<= max`) across rows of different currencies, compared by
 * value: a CASE on the row's currency picks the bound in minor units of that currency's
 * exponent. The bounds are placeholders (see `amountBoundValues`), so the statement can
 * be prepared once and reused.
 */
export const amountBound = (op: AmountOp): SQL => {
  const bound = (exponent: number) => sql`${sql.placeholder(`${prefix(op)}${exponent}`)}::bigint`;
  const branches = NON_DEFAULT_EXPONENTS.map(
    ({ exponent, codes }) => sql`when ${transactions.currency} in ${codes} then ${bound(exponent)}`,
  );
  const threshold = sql`case ${sql.join(branches, sql` `)} else ${bound(2)} end`;
  return sql`${transactions.amountMinor} ${sql.raw(op)} ${threshold}`;
};

/**
 * The placeholder values for `amountBound`: the decimal bound in minor units of every
 * exponent, rounded inwards (exactly, in bigint), so -10.005 >= a EUR row means >= -10.00.
 */
/**
 * No stored amount lies beyond ±MAX_AMOUNT_MINOR, so a bound further out compares like one
 * just past it, which (unlike 999999999999999.9999 CLF in minor units) fits a bigint parameter.
 */
const clampToStorable = (minor: bigint): bigint => {
  const edge = MAX_AMOUNT_MINOR + 1n;
  return minor > edge ? edge : minor < -edge ? -edge : minor;
};

export const amountBoundValues = (op: AmountOp, bound: string): Record<string, string> => {
  const units = toWireUnits(bound);
  const exponents = [2, ...NON_DEFAULT_EXPONENTS.map((g) => g.exponent)];
  return Object.fromEntries(
    exponents.map((exponent) => {
      const den = 10n ** BigInt(WIRE_SCALE - exponent);
      const minor = op === ">=" ? ceilDiv(units, den) : floorDiv(units, den);
      return [`${prefix(op)}${exponent}`, clampToStorable(minor).toString()];
    }),
  );
};
