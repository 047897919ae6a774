import { type DateOrder, parseDate } from "./date-order.ts";

const MAX_ENTRIES = 4096;

/**
 * `parseDate` memoised for one file: statements repeat the same few hundred dates across
 * thousands of rows, and a cache hit skips the regex and the string building.
 */
export const cachedDateParser = (order: DateOrder): ((text: string) => string | undefined) => {
  const cache = new Map<string, string | undefined>();
  return (text) => {
    if (cache.has(text)) return cache.get(text);
    const iso = parseDate(text, order);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(text, iso);
    return iso;
  };
};
