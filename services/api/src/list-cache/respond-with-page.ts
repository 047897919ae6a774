import { hash } from "node:crypto";
import type { Context } from "hono";
import type { ApiContext } from "../api-context.ts";
import { cacheKeyOf, queryStringKey } from "./cache-key.ts";
import type { CachedPage, PageCache } from "./page-cache.ts";
import { pageResponse } from "./page-response.ts";

/** A content hash: the same bytes get the same ETag on every replica and after evictions. */
const serialise = (value: unknown): CachedPage => {
  const body = Buffer.from(JSON.stringify(value));
  return { body, etag: `"${hash("sha1", body, "base64url")}"` };
};

/**
 * Answers a read of the person's data from `cache` when it holds this query's page, else
 * runs `read` and stores its serialised result. Runs after the query's validation, so its
 * query string is remembered: a repeat can then be answered before Hono (`serveHitsFirst`).
 */
export const respondWithPage = async (
  c: Context<ApiContext>,
  cache: PageCache,
  query: Readonly<Record<string, unknown>>,
  read: () => Promise<unknown>,
): Promise<Response> => {
  const userId = c.get("userId");
  const key = cacheKeyOf(query);
  cache.rememberQuery(queryStringKey(c.req.path, c.req.url), key);
  let page = cache.get(userId, key);
  if (!page) {
    const ticket = cache.ticket(userId, key); // before reading: see FillTicket
    page = serialise(await read());
    if (ticket) cache.put(ticket, page);
  }
  const res = pageResponse(page, c.req.header("if-none-match"));
  return res.body ? c.body(res.body, res.status, res.headers) : c.body(null, res.status, res.headers);
};
