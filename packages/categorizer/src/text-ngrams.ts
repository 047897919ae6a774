/**
 * The n-grams the model reads from a description, shaped like scikit-learn's vectorizers so
 * the benchmark against them compares models, not tokenizers.
 */

/**
 * Unicode-compatible folding, lower case, whitespace runs collapsed: the only cleaning done.
 * A lone surrogate (only in a string not decoded from bytes) becomes U+FFFD first, as its
 * UTF-8 hash already read it, so two of them are one n-gram, not two with the same bytes.
 */
export const normalizeText = (text: string): string =>
  text.toWellFormed().normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();

// sklearn's default token_pattern, (?u)\b\w\w+\b: words of two or more word characters.
const WORD = /[\p{L}\p{N}_]{2,}/gu;

/** Word n-grams of `min..max` words over tokens of normalized `text`, joined by one space. */
export const wordNgrams = (text: string, min: number, max: number): string[] => {
  const words = text.match(WORD) ?? [];
  const out: string[] = [];
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(n === 1 ? words[i]! : words.slice(i, i + n).join(" "));
  }
  return out;
};

// Without the u flag the class matches code units, so it finds either half of a pair.
const SURROGATE = /[\uD800-\uDFFF]/;
const slice = (chars: string | string[], from: number, to: number): string =>
  typeof chars === "string" ? chars.slice(from, to) : chars.slice(from, to).join("");

/**
 * Character n-grams of `min..max` characters inside each whitespace-separated word padded with
 * one space either side (sklearn's `char_wb`); a word shorter than n yields itself once.
 */
export const charWbNgrams = (text: string, min: number, max: number): string[] => {
  const out: string[] = [];
  for (const word of text.split(" ")) {
    if (word === "") continue;
    const padded = ` ${word} `;
    // By code point (as Python slices), so no n-gram splits a surrogate pair; the common
    // all-BMP word takes the cheaper string slicing.
    const chars = SURROGATE.test(padded) ? Array.from(padded) : padded;
    for (let n = min; n <= max; n++) {
      if (chars.length <= n) {
        out.push(padded);
        break;
      }
      for (let i = 0; i + n <= chars.length; i++) out.push(slice(chars, i, i + n));
    }
  }
  return out;
};

/**
 * A normalized text as the fast featurizer reads it: UTF-8 bytes of `" " + text + " "` (so
 * every word's `char_wb` padding is already in place), where each code point starts, and
 * which code points are word characters. Buffers are reused from row to row: valid until the
 * next `encodeText`.
 */
export type EncodedText = {
  bytes: Uint8Array;
  /** Byte offset of code point i; `cpStart[cpCount]` is the byte length. */
  cpStart: Int32Array;
  isWord: Uint8Array;
  cpCount: number;
};

const WORD_CHAR = /^[\p{L}\p{N}_]$/u;
const encoded: EncodedText = {
  bytes: new Uint8Array(1024),
  cpStart: new Int32Array(257),
  isWord: new Uint8Array(256),
  cpCount: 0,
};

const isAsciiWord = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (c >= 0x41 && c <= 0x5a);

/** UTF-8 of one code point at `at` (lone surrogates as U+FFFD, as TextEncoder writes them). */
const putCodePoint = (bytes: Uint8Array, at: number, cp: number): number => {
  if (cp < 0x80) {
    bytes[at] = cp;
    return at + 1;
  }
  if (cp < 0x800) {
    bytes[at] = 0xc0 | (cp >> 6);
    bytes[at + 1] = 0x80 | (cp & 0x3f);
    return at + 2;
  }
  if (cp < 0x10000) {
    bytes[at] = 0xe0 | (cp >> 12);
    bytes[at + 1] = 0x80 | ((cp >> 6) & 0x3f);
    bytes[at + 2] = 0x80 | (cp & 0x3f);
    return at + 3;
  }
  bytes[at] = 0xf0 | (cp >> 18);
  bytes[at + 1] = 0x80 | ((cp >> 12) & 0x3f);
  bytes[at + 2] = 0x80 | ((cp >> 6) & 0x3f);
  bytes[at + 3] = 0x80 | (cp & 0x3f);
  return at + 4;
};

/** Encodes normalized `text` once per row, space-padded (see `EncodedText`). */
export const encodeText = (text: string): EncodedText => {
  const units = text.length + 2;
  if (units * 3 > encoded.bytes.length) encoded.bytes = new Uint8Array(units * 3);
  if (units + 1 > encoded.cpStart.length) {
    encoded.cpStart = new Int32Array(units + 1);
    encoded.isWord = new Uint8Array(units);
  }
  const { bytes, cpStart, isWord } = encoded;
  bytes[0] = 0x20;
  cpStart[0] = 0;
  isWord[0] = 0;
  let at = 1;
  let cps = 1;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    cpStart[cps] = at;
    if (cp < 0x80) {
      bytes[at++] = cp;
      isWord[cps++] = isAsciiWord(cp) ? 1 : 0;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    at = putCodePoint(bytes, at, cp);
    isWord[cps++] = WORD_CHAR.test(String.fromCodePoint(cp)) ? 1 : 0;
  }
  bytes[at] = 0x20;
  cpStart[cps] = at;
  isWord[cps++] = 0;
  cpStart[cps] = at + 1;
  encoded.cpCount = cps;
  return encoded;
};

/** Receives one n-gram as `bytes[start..start + length)`; the bytes are only valid during the call. */
export type GramVisitor = (bytes: Uint8Array, start: number, length: number) => void;

let tokenStart = new Int32Array(128);
let tokenEnd = new Int32Array(128);
let joined = new Uint8Array(256);

/** `wordNgrams` over encoded text, in the same order, without building strings. */
export const visitWordNgrams = (t: EncodedText, min: number, max: number, visit: GramVisitor): void => {
  if (t.cpCount > tokenStart.length) {
    tokenStart = new Int32Array(t.cpCount);
    tokenEnd = new Int32Array(t.cpCount);
  }
  if (t.cpStart[t.cpCount]! * 2 > joined.length) joined = new Uint8Array(t.cpStart[t.cpCount]! * 2);
  let tokens = 0;
  for (let i = 0; i < t.cpCount; ) {
    if (t.isWord[i] === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < t.cpCount && t.isWord[j] === 1) j++;
    if (j - i >= 2) {
      tokenStart[tokens] = t.cpStart[i]!;
      tokenEnd[tokens++] = t.cpStart[j]!;
    }
    i = j;
  }
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= tokens; i++) {
      if (n === 1) {
        visit(t.bytes, tokenStart[i]!, tokenEnd[i]! - tokenStart[i]!);
        continue;
      }
      // Tokens are joined by one space whatever lay between them, so the n-gram is copied.
      let at = 0;
      for (let w = i; w < i + n; w++) {
        if (w > i) joined[at++] = 0x20;
        joined.set(t.bytes.subarray(tokenStart[w]!, tokenEnd[w]!), at);
        at += tokenEnd[w]! - tokenStart[w]!;
      }
      visit(joined, 0, at);
    }
  }
};

/** `charWbNgrams` over encoded text, in the same order: byte ranges of the padded text itself. */
export const visitCharWbNgrams = (t: EncodedText, min: number, max: number, visit: GramVisitor): void => {
  const { bytes, cpStart } = t;
  // Normalized text has single spaces and no edge spaces, so every word sits between two
  // 0x20 code points: its padded form is the run from the space before to the space after.
  let from = 0;
  for (let cp = 1; cp < t.cpCount; cp++) {
    if (bytes[cpStart[cp]!] !== 0x20) continue;
    const padded = cp - from + 1; // code points, both spaces included
    if (padded > 2) {
      for (let n = min; n <= max; n++) {
        if (padded <= n) {
          visit(bytes, cpStart[from]!, cpStart[cp + 1]! - cpStart[from]!);
          break;
        }
        for (let i = from; i + n <= cp + 1; i++) visit(bytes, cpStart[i]!, cpStart[i + n]! - cpStart[i]!);
      }
    }
    from = cp;
  }
};
