/**
 * Phrases that advise buying, selling or investing in securities. A coach may talk about
 * budgets, debts and saving; advice on securities is regulated, so an LLM answer that gives it
 * is refused. Limits: this is a list of patterns in English and Spanish, so it catches the
 * plain phrasings ("buy shares", "invest in an ETF", "vende tus acciones") and misses
 * paraphrase, other languages and advice that names no instrument; it also refuses harmless
 * mentions ("you don't need to buy stocks"). A bare "fund" is not an instrument here, so "put it
 * into your emergency fund" passes. Refusing too much only falls back to the template.
 */
const INSTRUMENTS =
  "stocks?|shares?|equit(?:y|ies)|bonds?|etfs?|index funds?|mutual funds?|investment funds?|hedge funds?|crypto(?:currenc(?:y|ies))?|bitcoin|btc|ethereum|securities|options|acciones|bonos|fondos?(?: indexados)?|criptomonedas?|cripto|valores";
const VERBS =
  "buy|buying|sell|selling|invest|investing|trade|trading|short|put (?:it|money|\\w+) (?:in|into)|compra|comprar|vende|vender|invierte|invertir|inviertas?";

const ADVICE = [
  new RegExp(`\\b(?:${VERBS})\\b[^.!?]{0,40}?\\b(?:${INSTRUMENTS})\\b`, "i"),
  new RegExp(`\\b(?:${INSTRUMENTS})\\b[^.!?]{0,20}?\\b(?:to buy|to sell|worth buying)\\b`, "i"),
  /\bticker\b|\$[A-Z]{2,5}\b/,
];

/** The first phrase that reads as securities advice, or undefined. */
export const securitiesAdvice = (text: string): string | undefined => {
  for (const p of ADVICE) {
    const m = p.exec(text);
    if (m) return m[0];
  }
  return undefined;
};
