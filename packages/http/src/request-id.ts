import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { BaseEnv } from "./base-env.ts";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * The request's id: the caller's `X-Request-Id` when it is plain (up to 255 characters of
 * letters, digits, `_`, `-` and `=`), so a proxy's id follows the request through our logs,
 * else a new UUID. Anything else is replaced, so a log line can't be forged through it.
 */
export const requestIdFrom = (header: string | undefined): string =>
  header && header.length <= 255 && !/[^\w\-=]/.test(header) ? header : randomUUID();

/** Sets `requestId` for the handlers and echoes it in the response's `X-Request-Id`. */
export const requestId = (): MiddlewareHandler<BaseEnv> => async (c, next) => {
  const id = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
  c.set("requestId", id);
  c.header(REQUEST_ID_HEADER, id);
  await next();
};
