import { AppError } from "@fincoach/errors";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** The largest request body accepted unless the service configures another limit. */
export const DEFAULT_JSON_BODY_MAX_BYTES = 1024 * 1024;

export type JsonBodyLimitOptions = {
  /** Largest body in bytes. @default DEFAULT_JSON_BODY_MAX_BYTES (1 MiB) */
  maxBytes?: number | undefined;
};

/** The 413 of a body over `maxBytes`, naming the body as the field at fault. */
export const bodyTooLarge = (maxBytes: number): AppError =>
  new AppError("CONTENT_TOO_LARGE", `request body is larger than the ${maxBytes}-byte limit`, {
    issues: [{ path: "(body)", message: `is larger than the ${maxBytes}-byte limit` }],
  });

/**
 * Media types parsed by a route that sets its own, larger limit (the statement upload,
 * `multipart/form-data`); no JSON route reads such a body, so it is never buffered here.
 */
const hasOwnLimit = (contentType: string | undefined) =>
  contentType !== undefined && /^\s*multipart\/form-data\s*(;|$)/i.test(contentType);

/**
 * Refuses request bodies over `maxBytes` with 413 problem+json before they are buffered:
 * a declared Content-Length over the limit at once, unread; a chunked body counted as it
 * streams and cut off at the limit (hono/body-limit). Without it one caller could make
 * the process hold any number of 100 MB bodies while they are parsed.
 */
export const jsonBodyLimit = ({
  maxBytes = DEFAULT_JSON_BODY_MAX_BYTES,
}: JsonBodyLimitOptions = {}): MiddlewareHandler => {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new Error(`jsonBodyLimit(): maxBytes must be a positive integer, got ${maxBytes}`);
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw bodyTooLarge(maxBytes);
    },
  });
  return (c, next) => {
    // No body to count; checked first so a GET doesn't make the adapter build a full Request.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    if (hasOwnLimit(c.req.header("content-type"))) return next();
    return limit(c, next);
  };
};
