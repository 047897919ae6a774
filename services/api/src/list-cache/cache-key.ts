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

/**
 * What a query string is remembered by (`PageCache.rememberQuery`): the request's path and
 * the part of its URL after `?`. The route remembers it from Hono's URL, which the
 * node-server adapter rebuilds through `new URL` when the one sent holds unusual
 * characters; rebuilding a rebuilt URL changes nothing, so a string as sent can only match
 * a remembered one that means the same (unusual ones simply never match ahead of Hono).
 */
export const queryStringKey = (path: string, url: string): string => {
  const at = url.indexOf("?");
  return `${path}?${at < 0 ? "" : url.slice(at + 1)}`;
};
