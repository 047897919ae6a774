import { checkRedis } from "@fincoach/config/check-redis";

/** Resolves when Redis answers PING; otherwise throws one line saying where, why, and how to get one. */
export const requireRedis = async (url: string): Promise<void> => {
  const problem = await checkRedis(url, { timeoutMs: 2000 });
  if (problem)
    throw new Error(
      `no Redis answers: ${problem}; start one (e.g. 'redis-server --daemonize yes' or 'docker run -p 6379:6379 redis:7') or set REDIS_URL`,
    );
};
