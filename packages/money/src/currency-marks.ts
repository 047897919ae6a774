import { isCurrencyCode } from "./currency.ts";

/** Marks CLDR's English does not write but exports do. */
const EXTRA_SYMBOLS: Readonly<Record<string, readonly string[]>> = { USD: ["US$"] };

const symbolCache = new Map<string, ReadonlySet<string>>();

/**
 * A currency's symbols as the runtime's ICU (CLDR, English) writes them: USD "$" and "US$",
 * CAD "CA$" and "$", EUR "€", SEK "kr". From ICU rather than typed here, so they follow CLDR.
 */
const symbolsOf = (code: string): ReadonlySet<string> => {
  let symbols = symbolCache.get(code);
  if (!symbols) {
    const found = new Set<string>(EXTRA_SYMBOLS[code]);
    for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
      const parts = new Intl.NumberFormat("en", { style: "currency", currency: code, currencyDisplay }).formatToParts(
        1,
      );
      const symbol = parts.find((p) => p.type === "currency")?.value;
      if (symbol && symbol !== code) found.add(symbol);
    }
    symbols = found;
    symbolCache.set(code, symbols);
  }
  return symbols;
};

/** True when `mark`, written beside an amount, can denote `currency`: its code (any case) or one of its symbols. */
export const markDenotes = (mark: string, currency: string): boolean =>
  mark.toUpperCase() === currency || symbolsOf(currency).has(mark);

/**
 * Every currency a mark may denote ("$": USD, CAD, AUD, MXN…; "€": EUR), or undefined when it
 * is neither an ISO 4217 code nor a symbol. For error messages: it walks every currency once.
 */
export const currenciesOfMark = (mark: string): string[] | undefined => {
  const code = mark.toUpperCase();
  if (mark.length === 3 && isCurrencyCode(code)) return [code];
  const codes = Intl.supportedValuesOf("currency").filter((c) => symbolsOf(c).has(mark));
  return codes.length > 0 ? codes : undefined;
};
