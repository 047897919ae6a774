import type { MiddlewareHandler } from "hono";
import type { ApiContext } from "../api-context.ts";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Read-your-own-writes on this replica: the database's notification of a change arrives
 * after the commit, asynchronously, so a GET sent right after a write's response could
 * still find the old page. Evicting the person's pages when their write returns, before
 * the response leaves, closes that gap. On any status: a failed request may still have
 * committed something, and an eviction only costs a cache miss.
 */
export const evictOwnWrites: MiddlewareHandler<ApiContext> = async (c, next) => {
  await next();
  if (READS.has(c.req.method)) return;
  const cache = c.get("deps").listCache;
  const userId = c.get("userId");
  if (cache && userId) cache.evictUser(userId);
};
