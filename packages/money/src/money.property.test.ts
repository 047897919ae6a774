import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { MAX_AMOUNT_MINOR } from "./amount-range.ts";
import { currencyExponent } from "./currency.ts";
import { parseDecimal } from "./decimal.ts";
import { formatDecimal } from "./decimal-format.ts";
import { allocate, money } from "./money.ts";

/** One currency per ISO 4217 exponent the library knows: 0, 2, 3 and 4 minor digits. */
const BY_EXPONENT = ["JPY", "EUR", "BHD", "CLF"] as const;
const anyCurrency = fc.constantFrom(...BY_EXPONENT);
const amountMinor = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });
const storableMinor = fc.bigInt({ min: -MAX_AMOUNT_MINOR, max: MAX_AMOUNT_MINOR });

describe("allocate (property)", () => {
  test("equal weights: parts sum exactly to the total and differ by at most one minor unit", () => {
    fc.assert(
      fc.property(amountMinor, fc.integer({ min: 1, max: 60 }), anyCurrency, (total, n, currency) => {
        const parts = allocate(money(total, currency), Array(n).fill(1n)).map((p) => p.minor);
        assert.equal(parts.length, n);
        assert.equal(
          parts.reduce((s, p) => s + p, 0n),
          total,
        );
        const sorted = [...parts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        assert.ok(sorted.at(-1)! - sorted[0]! <= 1n, `${parts.join(",")} differ by more than 1`);
        assert.ok(
          parts.every((p) => p === 0n || p < 0n === total < 0n),
          "no part has the opposite sign",
        );
      }),
    );
  });

  test("any weights: parts always sum exactly to the total", () => {
    const weights = fc
      .array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 })
      .filter((w) => w.some((x) => x > 0n));
    fc.assert(
      fc.property(amountMinor, weights, (total, w) => {
        const parts = allocate(money(total, "EUR"), w);
        assert.equal(
          parts.reduce((s, p) => s + p.minor, 0n),
          total,
        );
        w.forEach((x, i) => {
          if (x === 0n) assert.equal(parts[i]!.minor, 0n, "a zero weight gets nothing");
        });
      }),
    );
  });
});

describe("parseDecimal / formatDecimal (property)", () => {
  test("minor units -> string -> minor units is the identity, for every exponent", () => {
    fc.assert(
      fc.property(storableMinor, anyCurrency, (minor, currency) => {
        const text = formatDecimal({ minor, currency });
        const exp = currencyExponent(currency);
        assert.match(text, exp === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${exp}}$`));
        assert.equal(parseDecimal(text, currency).minor, minor);
      }),
    );
  });

  test("any decimal within the exponent parses and formats back to its canonical form", () => {
    const decimal = anyCurrency.chain((currency) =>
      fc.record({
        currency: fc.constant(currency),
        negative: fc.boolean(),
        whole: fc.stringMatching(/^\d{1,11}$/),
        frac: fc.stringMatching(new RegExp(`^\\d{0,${currencyExponent(currency)}}$`)),
      }),
    );
    fc.assert(
      fc.property(decimal, ({ currency, negative, whole, frac }) => {
        const exp = currencyExponent(currency);
        const text = `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
        const canonicalWhole = whole.replace(/^0+(?=\d)/, "");
        const canonicalFrac = frac.padEnd(exp, "0");
        const isZero = /^0+$/.test(canonicalWhole + canonicalFrac);
        const expected = `${negative && !isZero ? "-" : ""}${canonicalWhole}${exp > 0 ? `.${canonicalFrac}` : ""}`;
        assert.equal(formatDecimal(parseDecimal(text, currency)), expected);
      }),
    );
  });
});

/** Exact decimal sum without BigInt: per-column digit sums stay far below 2^53, so Numbers hold them exactly. */
const digitColumnSum = (amounts: readonly string[], scale: number): string => {
  const WIDTH = 40;
  const columns = { pos: new Array<number>(WIDTH).fill(0), neg: new Array<number>(WIDTH).fill(0) };
  for (const a of amounts) {
    const [whole = "", frac = ""] = a.replace(/^-/, "").split(".");
    const digits = whole + frac.padEnd(scale, "0");
    const cols = a.startsWith("-") ? columns.neg : columns.pos;
    for (let i = 0; i < digits.length; i++) cols[digits.length - 1 - i]! += digits.charCodeAt(i) - 48;
  }
  const carry = (cols: number[]) => {
    const out: number[] = [];
    let c = 0;
    for (const v of cols) {
      const t = v + c;
      out.push(t % 10);
      c = Math.floor(t / 10);
    }
    return out; // little-endian digits
  };
  const [pos, neg] = [carry(columns.pos), carry(columns.neg)];
  const posBigger = [...pos].reverse().join("") >= [...neg].reverse().join("");
  const [big, small] = posBigger ? [pos, neg] : [neg, pos];
  const diff: number[] = [];
  let borrow = 0;
  for (let i = 0; i < WIDTH; i++) {
    let d = big[i]! - small[i]! - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 10;
    diff.push(d);
  }
  const digits = diff
    .reverse()
    .join("")
    .replace(/^0+/, "")
    .padStart(scale + 1, "0");
  const sign = !posBigger && /[1-9]/.test(digits) ? "-" : "";
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
};

/** Deterministic amounts like "-48213.07" (mulberry32), so a million of them cost no shrinking machinery. */
const randomAmounts = (seed: number, count: number): string[] => {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const whole = Math.floor(next() * 10 ** Math.floor(next() * 8));
    const cents = String(Math.floor(next() * 100)).padStart(2, "0");
    return `${next() < 0.5 ? "-" : ""}${whole}.${cents}`;
  });
};

const bigintSum = (amounts: readonly string[]) =>
  formatDecimal({ minor: amounts.reduce((s, a) => s + parseDecimal(a, "EUR").minor, 0n), currency: "EUR" });
const floatSum = (amounts: readonly string[]) => amounts.reduce((s, a) => s + Number.parseFloat(a), 0).toFixed(2);

describe("summing a million amounts", () => {
  test("bigint minor units equal the exact decimal sum", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const amounts = randomAmounts(seed, 1_000_000);
        assert.equal(bigintSum(amounts), digitColumnSum(amounts, 2));
      }),
      { numRuns: 3 },
    );
  });

  test("the naive float sum drifts on a known case, so the comparison above can fail", () => {
    const amounts = Array<string>(1_000_000).fill("1234567.89");
    assert.equal(digitColumnSum(amounts, 2), "1234567890000.00");
    assert.equal(bigintSum(amounts), "1234567890000.00");
    assert.notEqual(floatSum(amounts), "1234567890000.00");
    assert.equal(floatSum(amounts), "1234567889999.60");
  });

  test("the decimal oracle itself handles signs, borrows and zero", () => {
    assert.equal(digitColumnSum(["-0.01", "0.01"], 2), "0.00");
    assert.equal(digitColumnSum(["1.00", "-2.50"], 2), "-1.50");
    assert.equal(digitColumnSum(["999.99", "0.01"], 2), "1000.00");
  });
});
