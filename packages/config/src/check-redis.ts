import { Redis } from "ioredis";
import { socketCause } from "./socket-cause.ts";

// Imported as `@fincoach/config/check-redis`, not from the package index: a deployable
// without Redis (the operator, bundled) must not pull in ioredis with its env parsing.

export type CheckRedisOptions = {
  /** How long to wait for a connection and a PONG. @default 5000 */
  timeoutMs?: number;
};

/** `host:port` of a Redis URL, for messages; never the password. */
export const redisTarget = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.hostname || "127.0.0.1"}:${u.port || "6379"}`;
  } catch {
    return "(unparseable REDIS_URL)";
  }
};

const causeOf = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  const socket = socketCause(e);
  if (socket) return socket;
  if (/WRONGPASS|NOAUTH|invalid password|AUTH .*without any password/i.test(e.message))
    return `authentication failed (${e.message.split("\n")[0]})`;
  if (/Unknown RESP type|Protocol error/i.test(e.message)) return "what answers is not Redis (protocol error)";
  return e.message;
};

/**
 * Connects to Redis and sends PING, with no retries. Resolves to undefined on PONG, or to
 * one line naming host:port and the cause (connection refused, authentication failed,
 * unknown host, timed out), never the password: what a process prints before exiting at
 * start-up, instead of ioredis logging reconnect attempts forever.
 */
export const checkRedis = async (
  url: string,
  { timeoutMs = 5000 }: CheckRedisOptions = {},
): Promise<string | undefined> => {
  let firstError: unknown;
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) arrives here; connect() rejects with a
  // generic "Connection is closed" that names neither.
  redis.on("error", (e) => {
    firstError ??= e;
  });
  // ioredis's own timeouts overlap (connect, ready check, command): one deadline for all.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), deadline]);
    return undefined;
  } catch (e) {
    return `Redis at ${redisTarget(url)}: ${causeOf(firstError ?? e)}`;
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
};
