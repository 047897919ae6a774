import type { Logger } from "./create-logger.ts";

/**
 * Anything with an 'error' event: a BullMQ Queue/Worker/QueueEvents, an ioredis client, a
 * socket. Structural, so logging needs neither BullMQ nor ioredis.
 */
export type ErrorEmitter = { on(event: "error", listener: (error: Error) => void): unknown };

/** While Redis is away every client retries several times a second; one line per this long is enough. */
export const ERROR_LOG_INTERVAL_MS = 10_000;

export type RateLimit = { everyMs?: number; now?: () => number };

/**
 * A warning for recurring errors: the first is logged at once, then at most one per `everyMs`,
 * carrying how many were left out since the last. The message and errno code only: a
 * connection error's stack says nothing new, every time.
 */
export const rateLimitedWarn = (
  logger: Logger,
  msg: string,
  fields: Record<string, unknown>,
  o: RateLimit = {},
): ((error: unknown) => void) => {
  const everyMs = o.everyMs ?? ERROR_LOG_INTERVAL_MS;
  const now = o.now ?? Date.now;
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (error) => {
    const t = now();
    if (t - last < everyMs) {
      suppressed++;
      return;
    }
    last = t;
    const code = (error as { code?: unknown } | undefined)?.code;
    logger.warn(
      {
        ...fields,
        err: error instanceof Error ? error.message : String(error),
        ...(typeof code === "string" ? { code } : {}),
        ...(suppressed ? { suppressed } : {}),
      },
      msg,
    );
    suppressed = 0;
  };
};

/**
 * Gives an emitter (a BullMQ Queue/Worker/QueueEvents, an ioredis client) an 'error'
 * listener logging one rate-limited JSON line. Without a listener BullMQ prints the raw
 * error and its stack to stderr (ioredis: "Unhandled error event"); a Redis restart must not
 * flood the log with either.
 */
export const logErrors = (
  emitter: ErrorEmitter,
  logger: Logger,
  msg: string,
  fields: Record<string, unknown>,
  o: RateLimit = {},
): void => {
  emitter.on("error", rateLimitedWarn(logger, msg, fields, o));
};
