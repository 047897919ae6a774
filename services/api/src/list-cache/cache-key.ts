/**
 * A query's cache key: its parsed parameters (defaults applied, absent ones dropped) in
 * name order, so `?limit=50&q=x`, `?q=x&limit=50` and `?q=x` (limit's default) share it.
 */
export const cacheKeyOf = (query: Readonly<Record<string, unknown>>): string =>
  JSON.stringify(
    Object.keys(query)
      .filter((name) => query[name] !== undefined)
      .sort()
      .map((name) => [name, query[name]]),
  );
