import type { MiddlewareHandler } from "hono";

/** For a response that carries an ETag: kept by the client only, revalidated on every use. */
export const REVALIDATE = "private, no-cache";
/** For everything else: never stored, by the client or anything between. */
export const NO_STORE = "no-store";

/**
 * `Cache-Control` for responses that carry tokens or personal data (all of `/v1`), set on
 * every one, errors included, whatever a handler set: `no-store`, except an answer with an
 * `ETag` (`etagJson`), which gets `private, no-cache` so that a client may keep it and
 * revalidate with `If-None-Match` (a 304 costs no body), while no shared cache ever holds
 * it. Install it outside `etagJson` so it sees the tag.
 */
export const personalCacheControl = (): MiddlewareHandler => async (c, next) => {
  await next();
  c.res.headers.set("cache-control", c.res.headers.has("etag") ? REVALIDATE : NO_STORE);
};
