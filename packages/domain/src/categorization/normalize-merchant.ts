import { type MerchantToken, tokenHasLetter, tokenizeDescriptor } from "./merchant-tokens.ts";
import {
  BRANCH_WORDS,
  CHANNEL_NOISE,
  PLACE_CONNECTORS,
  PLACES,
  REGION_CODES,
  TRAILING_QUALIFIERS,
} from "./merchant-vocabulary.ts";

type Tokens = readonly MerchantToken[];

const anyLetter = (tokens: Tokens): boolean => tokens.some(tokenHasLetter);
const words = (tokens: Tokens): string[] => tokens.map((t) => t.text);
const endsWith = (tokens: Tokens, phrase: readonly string[]): boolean =>
  tokens.length >= phrase.length && phrase.every((w, i) => tokens[tokens.length - phrase.length + i]!.text === w);
const startsWith = (tokens: Tokens, phrase: readonly string[]): boolean =>
  tokens.length >= phrase.length && phrase.every((w, i) => tokens[i]!.text === w);

/** Motorway services print "place n/e brand": keep what follows the last carriageway marker. */
const afterCarriageway = (tokens: Tokens): Tokens => {
  const at = tokens.findLastIndex((t) => t.carriageway);
  const rest = tokens.slice(at + 1);
  return at >= 0 && anyLetter(rest) ? rest : tokens.filter((t) => !t.carriageway);
};

/** Channel words go from both ends even if nothing is left: "visa purchase" names no merchant. */
const withoutChannelNoise = (tokens: Tokens): Tokens => {
  for (const phrase of CHANNEL_NOISE) {
    if (startsWith(tokens, phrase)) return withoutChannelNoise(tokens.slice(phrase.length));
    if (endsWith(tokens, phrase)) return withoutChannelNoise(tokens.slice(0, -phrase.length));
  }
  return tokens;
};

/** A leading store number, date or bare "www" ("43035660 costa coffee"); short leading numbers are names ("3 store", "200 degrees"). */
const withoutLeadingNumber = (tokens: Tokens): Tokens => {
  const [first, ...rest] = tokens;
  const isNumber =
    first !== undefined && (first.text === "" || /^\p{N}{4,}$/u.test(first.text) || first.text === "www");
  return isNumber && anyLetter(rest) ? withoutLeadingNumber(rest) : tokens;
};

/**
 * Everything from the first reference after the first word is branch or payment detail:
 * "caffe nero 653 heathrow t", "uber gb <date> 4chxw help", "sq *blue bottle #123 san francisco ca".
 * A branch word just before it goes too ("tesco stores 2335").
 */
const beforeFirstReference = (tokens: Tokens): Tokens => {
  const at = tokens.findIndex((t, i) => i > 0 && t.reference);
  if (at < 0) return tokens;
  const kept = tokens.slice(0, at);
  const named = withoutBranchWords(kept);
  return anyLetter(named) ? named : anyLetter(kept) ? kept : tokens;
};

/**
 * What led up to a reference: a branch word after a plain word ("tesco stores 2335"; but "3
 * store", "99p stores" are names) or the first part of a split number ("amazon 44 207").
 */
const withoutBranchWords = (tokens: Tokens): Tokens => {
  const last = tokens.at(-1)?.text ?? "";
  const before = tokens.at(-2)?.text ?? "";
  const leadIn = (BRANCH_WORDS.has(last) && /^\p{L}+$/u.test(before)) || /^\p{N}{1,2}$/u.test(last);
  return tokens.length > 1 && leadIn ? withoutBranchWords(tokens.slice(0, -1)) : tokens;
};

/** "b q" (from "b&q"), "w m morrison", "j d sports": a run of single letters is one initialism. */
const joinInitials = (tokens: Tokens): Tokens => {
  const out: MerchantToken[] = [];
  let run: MerchantToken[] = [];
  const flush = () => {
    out.push(...(run.length > 1 ? [{ text: words(run).join(""), reference: false }] : run));
    run = [];
  };
  for (const token of tokens) {
    if (/^\p{L}$/u.test(token.text)) run.push(token);
    else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
};

const PLACE_WORDS = PLACES.map((place) => place.split(" "));

/** How many trailing tokens name a place; a last word cut short by the 22-character field counts ("birmingh", "birmi"). */
const trailingPlaceLength = (tokens: Tokens): number => {
  const place = PLACE_WORDS.find((p) => endsWith(tokens, p));
  if (place) return place.length;
  const last = tokens.at(-1)?.text ?? "";
  return last.length >= 5 && PLACE_WORDS.some((p) => p.length === 1 && p[0]!.startsWith(last)) ? 1 : 0;
};

/** How many trailing tokens qualify rather than name the merchant: "ltd", "uk", a small branch number, "san francisco ca". */
const trailingDetailLength = (tokens: Tokens): number => {
  const last = tokens.at(-1)!.text;
  if (TRAILING_QUALIFIERS.has(last) || PLACE_CONNECTORS.has(last)) return 1;
  // "bt bill payment 1", "mccolls erdington 61"; but one word and a number is a name ("legs 11", "forever 21")
  if (/^\p{N}{1,2}$/u.test(last)) return tokens.length < 3 ? 0 : BRANCH_WORDS.has(tokens.at(-2)!.text) ? 2 : 1;
  // The 22-character field cuts the last word to its first letter: "o heap son (derby) l", "shell birmingham r"
  if (/^\p{L}$/u.test(last)) return tokens.length >= 3 ? 1 : 0;
  if (REGION_CODES.has(last) && trailingPlaceLength(tokens.slice(0, -1)) > 0) return 1;
  const place = trailingPlaceLength(tokens);
  const before = tokens.at(-place - 1)?.text;
  return place > 0 && before !== undefined && !PLACE_CONNECTORS.has(before) ? place : 0;
};

const withoutTrailingDetail = (tokens: Tokens): Tokens => {
  if (tokens.length < 2) return tokens;
  const cut = trailingDetailLength(tokens);
  const kept = tokens.slice(0, tokens.length - cut);
  return cut > 0 && anyLetter(kept) ? withoutTrailingDetail(kept) : tokens;
};

const onePass = (descriptor: string): string => {
  let tokens: Tokens = tokenizeDescriptor(descriptor);
  tokens = afterCarriageway(tokens);
  tokens = withoutChannelNoise(tokens);
  tokens = withoutLeadingNumber(tokens);
  tokens = beforeFirstReference(tokens);
  tokens = joinInitials(tokens);
  tokens = withoutChannelNoise(withoutTrailingDetail(tokens));
  return anyLetter(tokens) ? words(tokens).filter(Boolean).join(" ") : "";
};

// Each pass only removes text, so a handful reaches the fixed point; the bound is a backstop.
const MAX_PASSES = 8;

/**
 * A stable merchant key for a raw card or bank descriptor: lower case, single spaces, letters
 * of any script and digits only, with processor prefixes, branch and payment references,
 * dates, channel words, company forms and trailing places removed (see README.md for the
 * rules and why each exists). "" when nothing merchant-like is left; callers then fall back
 * to the description. Applying it to its own result changes nothing.
 */
export const normalizeMerchant = (descriptor: string): string => {
  let key = descriptor;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = onePass(key);
    if (next === key) return key;
    key = next;
  }
  return key;
};
