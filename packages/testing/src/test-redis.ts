import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export type TestRedis = { redis: Redis; prefix: string; cleanup: () => Promise<void> };

/**
 * A Redis connection and a key prefix of its own for one test file; cleanup deletes
 * every key under the prefix, leaving other runs on the same server untouched.
 */
export const createTestRedis = async (url = TEST_REDIS_URL): Promise<TestRedis> => {
  const prefix = `fincoach-test:${randomBytes(6).toString("hex")}:`;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  return {
    redis,
    prefix,
    cleanup: async () => {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== "0");
      redis.disconnect();
    },
  };
};
