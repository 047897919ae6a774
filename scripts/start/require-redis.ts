import { Redis } from "ioredis";

/** Resolves when Redis answers PING; otherwise throws one line saying how to get one. */
export const requireRedis = async (url: string): Promise<void> => {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    throw new Error(
      `no Redis answers at ${url}: start one (e.g. 'redis-server --daemonize yes' or 'docker run -p 6379:6379 redis:7') or set REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
};
