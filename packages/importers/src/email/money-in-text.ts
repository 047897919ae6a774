import {
  DecimalParseError,
  formatDecimal,
  isCurrencyCode,
  type Money,
  markDenotes,
  parseAmountText,
} from "@fincoach/money";

/** An amount found in running text, always read by the strict grammar of docs/amounts.md. */
export type FoundAmount = {
  money: Money;
  /** Unsigned canonical decimal text ("1234.56"). */
  decimal: string;
  /** A minus written beside it ("-£0.50", "£-0.50"). */
  negative: boolean;
  /** Where it starts and ends in the text searched. */
  index: number;
  end: number;
  /** The currency was only implied (a bare "$" without a mailbox default). */
  currencyGuessed: boolean;
  /** "1.234 €": the number itself does not say which separator is decimal; one was assumed. */
  separatorAssumed: boolean;
};

// Symbols whose currency is unambiguous, then the multi-currency "$" and "kr" (resolved by the mailbox default).
const SYMBOL_CURRENCY: Readonly<Record<string, string>> = {
  "£": "GBP",
  "€": "EUR",
  "¥": "JPY",
  "₹": "INR",
  "₩": "KRW",
  zł: "PLN",
  US$: "USD",
  CA$: "CAD",
  A$: "AUD",
  AU$: "AUD",
  NZ$: "NZD",
  R$: "BRL",
  MX$: "MXN",
};
const SYMBOL = "US\\$|CA\\$|AU\\$|A\\$|NZ\\$|R\\$|MX\\$|\\$|£|€|¥|₹|₩";
const NUMBER = "\\d{1,3}(?:[,.\\u00a0\\u202f\\u2009']\\d{3})+(?:[.,]\\d{1,4})?|\\d+(?:[.,]\\d{1,4})?";
/**
 * [-] [CODE or symbol] [-] number [CODE, "MN" (Mexican banks' "moneda nacional"), symbol, zł, kr].
 * A code is set apart by a space and no mark may touch a following digit: "£1.99 GBP1£1.99 GBP"
 * is a PayPal table flattened, where "1" is a quantity, not "GBP 1.00".
 */
const AMOUNT = new RegExp(
  `(?<![\\p{L}\\d.,])(?<s1>-\\s?)?(?:(?<c1>[A-Z]{3})\\s|(?<y1>${SYMBOL})\\s?)?(?<s2>-\\s?)?(?<num>${NUMBER})(?!\\d|[.,]\\d)(?:\\s(?<c2>[A-Z]{3}|MN)(?![\\p{L}\\d])|\\s?(?<y2>€|£|zł|kr)(?![\\p{L}\\d]))?`,
  "gu",
);

const resolveCurrency = (
  code: string | undefined,
  symbol: string | undefined,
  defaultCurrency: string | undefined,
): { currency: string; guessed: boolean } | undefined => {
  if (code !== undefined) {
    const c = code === "MN" ? "MXN" : code;
    if (!isCurrencyCode(c)) return undefined;
    if (symbol !== undefined && symbol !== "kr" && !markDenotes(symbol, c)) return undefined;
    return { currency: c, guessed: false };
  }
  if (symbol === undefined) return undefined;
  const fixed = SYMBOL_CURRENCY[symbol];
  if (fixed) return { currency: fixed, guessed: false };
  if (defaultCurrency && markDenotes(symbol, defaultCurrency)) return { currency: defaultCurrency, guessed: false };
  if (symbol === "$") return { currency: "USD", guessed: true };
  return undefined; // "kr" without a Nordic default
};

const parse = (num: string, currency: string, separator?: "." | ","): Money | undefined => {
  try {
    return parseAmountText(num, separator ? { currency, decimalSeparator: separator } : { currency });
  } catch (e) {
    if (e instanceof DecimalParseError) return undefined;
    throw e;
  }
};

/**
 * Every amount with a currency mark in `text`, in order: "$1,234.56", "£12.99", "1.234,56 €",
 * "$ 63.37 MN", "6.00 PLN", "EUR 12,50". A number without a mark is not an amount here (order
 * numbers, quantities, phone numbers). `currency` forces the currency of marks that allow it.
 */
export const findAmounts = (text: string, options: { defaultCurrency?: string | undefined } = {}): FoundAmount[] => {
  const found: FoundAmount[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const g = m.groups ?? {};
    const num = g.num ?? "";
    const code = g.c1 ?? g.c2;
    const symbol = g.y1 ?? g.y2;
    if (code === undefined && symbol === undefined) continue;
    // A code before and another after ("EUR 12 GBP") is not one amount.
    if (g.c1 && g.c2 && g.c1 !== g.c2) continue;
    const resolved = resolveCurrency(code, symbol, options.defaultCurrency);
    if (!resolved) continue;
    let separatorAssumed = false;
    let money = parse(num, resolved.currency);
    if (!money) {
      // Only "1.234"/"123,456" get here: the number does not prove its separator. A mark after
      // the number is the continental habit ("1.234 €"), so "," is decimal there; "." otherwise.
      const assumed = g.y2 || (g.c2 && !g.y1) ? "," : ".";
      money = parse(num, resolved.currency, assumed);
      separatorAssumed = money !== undefined;
    }
    if (!money) continue;
    const index = m.index ?? 0;
    found.push({
      money,
      decimal: formatDecimal(money),
      negative: Boolean(g.s1 ?? g.s2),
      index,
      end: index + m[0].length,
      currencyGuessed: resolved.guessed,
      separatorAssumed,
    });
  }
  return found;
};

/** The first amount in `text`, or undefined. */
export const firstAmount = (
  text: string | undefined,
  options: { defaultCurrency?: string | undefined } = {},
): FoundAmount | undefined => (text === undefined ? undefined : findAmounts(text, options)[0]);

/** Signed decimal text: money out is negative. */
export const signed = (amount: FoundAmount, out: boolean): string =>
  out && amount.money.minor !== 0n ? `-${amount.decimal}` : amount.decimal;
