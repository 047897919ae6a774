import { hash } from "node:crypto";
import type { MiddlewareHandler } from "hono";

/** RFC 9110 If-None-Match: weak comparison, a list of tags, or `*`. */
export const matchesEtag = (ifNoneMatch: string | undefined, etag: string): boolean =>
  (ifNoneMatch ?? "").split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || (t.startsWith("W/") ? t.slice(2) : t) === etag;
  });

/** Headers a 304 must not carry: it has no body. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding"];

/**
 * A strong `ETag` on every 200 JSON answer to a GET or HEAD, computed from the bytes (the
 * same body gets the same tag on every replica, with nothing stored on the server), and
 * `304 Not Modified` without a body when `If-None-Match` names it. The 304 keeps the 200's
 * other headers (request id, Cache-Control, Vary).
 *
 * Not Hono's `etag()`: that hashes every 2xx GET body, so a streamed export would be read
 * whole before its first byte left, and its 304 drops every header outside a fixed list.
 */
export const etagJson = (): MiddlewareHandler => async (c, next) => {
  await next();
  const method = c.req.method;
  const res = c.res;
  if ((method !== "GET" && method !== "HEAD") || res.status !== 200 || res.headers.has("etag")) return;
  if (!(res.headers.get("content-type") ?? "").startsWith("application/json")) return;
  const body = Buffer.from(await res.arrayBuffer());
  const etag = `"${hash("sha1", body, "base64url")}"`;
  const headers = new Headers(res.headers);
  headers.set("etag", etag);
  if (matchesEtag(c.req.header("if-none-match"), etag)) {
    for (const name of BODY_HEADERS) headers.delete(name);
    c.res = undefined;
    c.res = new Response(null, { status: 304, headers });
  } else {
    c.res = undefined;
    c.res = new Response(body, { status: 200, headers });
  }
};
