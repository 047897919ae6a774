import type { SecretCtx } from "@fincoach/domain";
import { AppError } from "@fincoach/errors";
import type { Context } from "hono";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";

/** The request's context plus the configured keys; without CONNECTION_KEYS, 412 naming it. */
export const secretCtxOf = (c: Context<ApiContext>): SecretCtx => {
  const keyring = c.get("deps").config.connections.keyring;
  if (!keyring) {
    throw new AppError("PRECONDITION_FAILED", "connections need CONNECTION_KEYS configured on the server");
  }
  return { ...ctxOf(c), keyring };
};
