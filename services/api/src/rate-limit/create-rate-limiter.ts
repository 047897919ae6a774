import type { Redis } from "ioredis";
import { SLIDING_WINDOW_SCRIPT, SLIDING_WINDOW_SHA } from "./sliding-window-script.ts";

export type RateLimiterOptions = {
  /** The connection the counters live on (shared by every API replica). */
  redis: Pick<Redis, "eval" | "evalsha">;
  /** Prefix for every key, e.g. the deployment's `REDIS_PREFIX`. */
  keyPrefix: string;
  /** What is limited, part of the key: `login:ip`. Letters, digits and `:_-`. */
  name: string;
  /** Hits allowed per identity within any window of `windowSeconds`. */
  max: number;
  windowSeconds: number;
};

export type RateLimitResult = {
  allowed: boolean;
  /** Hits left in the current window (0 when denied). */
  remaining: number;
  /** Whole seconds until a hit can succeed again; 0 when allowed. */
  retryAfterSeconds: number;
};

export type RateLimiter = {
  /** Counts one hit for `id` and says whether it is within the limit. Atomic across replicas. */
  hit: (id: string) => Promise<RateLimitResult>;
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9:_-]*$/;
const MAX_WINDOW_SECONDS = 7 * 86_400;

const validate = (o: RateLimiterOptions): void => {
  if (!o || typeof o.redis?.evalsha !== "function") throw new TypeError("createRateLimiter: `redis` is required");
  if (typeof o.keyPrefix !== "string") throw new TypeError("createRateLimiter: `keyPrefix` must be a string");
  if (typeof o.name !== "string" || !NAME.test(o.name)) {
    throw new TypeError("createRateLimiter: `name` must be letters, digits and `:_-`");
  }
  if (!Number.isSafeInteger(o.max) || o.max < 1)
    throw new RangeError("createRateLimiter: `max` must be an integer >= 1");
  if (!(o.windowSeconds >= 0.001 && o.windowSeconds <= MAX_WINDOW_SECONDS)) {
    throw new RangeError(`createRateLimiter: \`windowSeconds\` must be between 0.001 and ${MAX_WINDOW_SECONDS}`);
  }
};

/**
 * A Redis-backed sliding-window rate limiter (see sliding-window-script.ts for the
 * algorithm). Options are checked here, at construction, so a misconfiguration fails at
 * start-up rather than on the first request.
 */
export const createRateLimiter = (options: RateLimiterOptions): RateLimiter => {
  validate(options);
  const { redis, keyPrefix, name, max } = options;
  const windowMs = Math.round(options.windowSeconds * 1000);
  const run = async (key: string): Promise<unknown> => {
    try {
      return await redis.evalsha(SLIDING_WINDOW_SHA, 1, key, max, windowMs);
    } catch (e) {
      // The server's script cache is empty after a restart or SCRIPT FLUSH: send the source once.
      if (e instanceof Error && e.message.startsWith("NOSCRIPT")) {
        return redis.eval(SLIDING_WINDOW_SCRIPT, 1, key, max, windowMs);
      }
      throw e;
    }
  };
  return {
    hit: async (id) => {
      if (typeof id !== "string" || id.length === 0) throw new TypeError("rate limiter: id must be a non-empty string");
      const [allowed, remaining, retryAfterMs] = (await run(`${keyPrefix}ratelimit:${name}:${id}`)) as number[];
      return {
        allowed: allowed === 1,
        remaining: remaining ?? 0,
        retryAfterSeconds: Math.ceil((retryAfterMs ?? 0) / 1000),
      };
    },
  };
};
