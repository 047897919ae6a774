/**
 * The n-grams the model reads from a description, shaped like scikit-learn's vectorizers so
 * the benchmark against them compares models, not tokenizers.
 */

/** Unicode-compatible folding, lower case, whitespace runs collapsed: the only cleaning done. */
export const normalizeText = (text: string): string =>
  text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();

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
