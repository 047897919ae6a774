import { hash } from "node:crypto";
import type { Context } from "hono";
import type { ApiContext } from "../api-context.ts";
import { cacheKeyOf } from "./cache-key.ts";
import type { CachedPage, PageCache } from "./page-cache.ts";

/** A content hash: the same bytes get the same ETag on every replica and after evictions. */
const serialise = (value: unknown): CachedPage => {
  const body = Buffer.from(JSON.stringify(value));
  return { body, etag: `"${hash("sha1", body, "base64url")}"` };
};

/** RFC 9110 If-None-Match: weak comparison, a list of tags, or `*`. */
const matches = (ifNoneMatch: string | undefined, etag: string): boolean =>
  (ifNoneMatch ?? "").split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || (t.startsWith("W/") ? t.slice(2) : t) === etag;
  });

/**
 * Answers a read of the person's data from `cache` when it holds this query's page, else
 * runs `read` and stores its serialised result. Pages are per person ("private"), and
 * clients should revalidate before reuse ("no-cache"): If-None-Match with the current
 * ETag answers 304 without a body.
 */
export const respondWithPage = async (
  c: Context<ApiContext>,
  cache: PageCache,
  query: Readonly<Record<string, unknown>>,
  read: () => Promise<unknown>,
): Promise<Response> => {
  const userId = c.get("userId");
  const key = cacheKeyOf(query);
  let page = cache.get(userId, key);
  if (!page) {
    const ticket = cache.ticket(userId, key); // before reading: see FillTicket
    page = serialise(await read());
    if (ticket) cache.put(ticket, page);
  }
  const headers = { etag: page.etag, "cache-control": "private, no-cache" };
  if (matches(c.req.header("if-none-match"), page.etag)) return c.body(null, 304, headers);
  return c.body(page.body, 200, { ...headers, "content-type": "application/json" });
};
