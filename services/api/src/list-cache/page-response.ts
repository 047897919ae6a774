import type { CachedPage } from "./page-cache.ts";

/** RFC 9110 If-None-Match: weak comparison, a list of tags, or `*`. */
export const matchesEtag = (ifNoneMatch: string | undefined, etag: string): boolean =>
  (ifNoneMatch ?? "").split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || (t.startsWith("W/") ? t.slice(2) : t) === etag;
  });

/**
 * How a page is answered, by Hono or before it (`serveHitsFirst`): 304 without a body when
 * If-None-Match names its ETag, else 200 with the page. Pages are per person ("private"),
 * and clients should revalidate before reuse ("no-cache").
 */
export const pageResponse = (page: CachedPage, ifNoneMatch: string | undefined) => {
  const headers = { etag: page.etag, "cache-control": "private, no-cache" };
  return matchesEtag(ifNoneMatch, page.etag)
    ? { status: 304 as const, headers, body: null }
    : { status: 200 as const, headers: { ...headers, "content-type": "application/json" }, body: page.body };
};
