import { CARRIAGEWAY_MARKERS, PROCESSOR_PREFIXES } from "./merchant-vocabulary.ts";

/** One word of a descriptor; `reference` marks numbers and codes that identify a branch or a payment, not a merchant. */
export type MerchantToken = { readonly text: string; readonly reference: boolean; readonly carriageway?: boolean };

// Stands for a date, a time or a "#123" until tokens are classified; private use, so NFKC keeps it.
const REFERENCE_MARK = "\uE000";
const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)";

/** Dates and times as descriptors print them: 2017-01-03, 03/01/2017, 03/01, 12:30, dec07, 07dec, 3 jan 2017, #123. */
const EMBEDDED_REFERENCES: readonly RegExp[] = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/gu,
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/gu,
  /\b(?:0?[1-9]|[12]\d|3[01])\/(?:0?[1-9]|1[0-2])\b/gu,
  /\b\d{1,2}[:.]\d{2}(?::\d{2})?\s?(?:am|pm)\b|\b\d{1,2}:\d{2}(?::\d{2})?\b/gu,
  new RegExp(`\\b(?:${MONTH}\\d{1,2}|\\d{1,2}${MONTH}|\\d{1,2} ${MONTH} \\d{2,4})\\b`, "gu"),
  /#\s*[\p{L}\p{N}]+/gu,
];

// "365online", "4imprint", "1staidforms": a number then a word is a name, not a code; the
// 6-letter floor keeps short random tails such as skrabebooks' "3vlwie" references.
const NUMBER_THEN_WORD = /^\p{N}+\p{L}{6,}$/u;

const hasLetter = (text: string): boolean => /\p{L}/u.test(text);

/**
 * A reference rather than a name: a run of 3+ digits (store 0457, terminal 587), a mixed
 * letter-and-digit code of 5+ characters (facebk 2qn7wbjvq2, spotify p01346260a), or a short
 * letter-then-digits code (postcode districts b29 and bs34, travelodge gb0000, apple store r118).
 * Names with digits survive because the caller never treats the first word as a reference
 * ("o2", "4imprint", "99p stores") and 1-2 digit numbers are not references ("blinds 2 go").
 */
export const isReference = (text: string): boolean =>
  /^\p{N}{3,}$/u.test(text) ||
  (text.length >= 5 && hasLetter(text) && /\p{N}/u.test(text) && !NUMBER_THEN_WORD.test(text)) ||
  /^[a-z]{1,2}\d{1,4}[a-z]{0,2}$/u.test(text);

/** Lower case, compatibility forms folded, branch qualifiers in brackets ("(uk)", "(hagley road)", a cut-off "(birmingh") gone. */
const prepare = (descriptor: string): string => {
  let text = descriptor
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\([^)]*\)?/gu, " ")
    // Amazon's marketplace is one merchant whichever country's site sold it, and what follows
    // its star is an order reference when it has digits ("amzn mktp us*2k4ab12"), not a seller.
    .replace(/^amzn mktp(?: [a-z]{2}\b)?(?:\s*\*\s*[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*)?/u, "amzn mktp");
  for (const pattern of EMBEDDED_REFERENCES) text = text.replace(pattern, ` ${REFERENCE_MARK} `);
  return text.trim();
};

/** Removes processor prefixes, as long as something with letters follows ("paypal" alone stays a key). */
const stripProcessors = (text: string): string => {
  for (const prefix of PROCESSOR_PREFIXES) {
    const rest = text.replace(prefix, "");
    if (rest !== text && hasLetter(rest)) return stripProcessors(rest);
  }
  return text;
};

/** A web address reduced to its name: http://www.flybe.co.uk/, flybe.com and the truncated www.coronaenergy.c become flybe, coronaenergy. */
const stripDomain = (word: string): string =>
  word.includes(".")
    ? word
        .replace(/^(?:https?:\/\/)?www\./u, "")
        .replace(/^https?:\/\//u, "")
        .replace(/(?:\.(?:com?|c|org|net|gov|ac|edu|uk|u|ie|eu|de|fr|info|biz|io)?)+\/?$/u, "")
    : word;

/**
 * Splits one whitespace-separated word into tokens; "b&q" and "sainsbury's" stay one word (the
 * publisher's "jackie?s" is an apostrophe lost in encoding), other punctuation separates.
 */
const wordTokens = (word: string): MerchantToken[] => {
  if (word === REFERENCE_MARK) return [{ text: "", reference: true }];
  if (CARRIAGEWAY_MARKERS.has(word)) return [{ text: "", reference: false, carriageway: true }];
  const joined = (stripDomain(word) || word).replace(/(?<=\p{L})[&'’`?](?=\p{L})/gu, "");
  return joined
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .map((text) => ({ text, reference: isReference(text) }));
};

/** The descriptor as classified tokens, processor prefix removed. */
export const tokenizeDescriptor = (descriptor: string): MerchantToken[] =>
  stripProcessors(prepare(descriptor))
    .split(/[\s*]+/u)
    .filter(Boolean)
    .flatMap(wordTokens);

export const tokenHasLetter = (token: MerchantToken): boolean => hasLetter(token.text);
