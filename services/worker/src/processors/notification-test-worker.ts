/**
 * A notifications worker in a process of its own, for the test that SIGKILLs it mid-delivery
 * (notification-delivery.test.ts): the database, Redis prefix and keys come from the
 * environment; short timeouts, lease and sweep interval; private addresses allowed (the
 * test's receiver is on loopback). Prints "ready" once consuming.
 */
import { createDatabase } from "@fincoach/db";
import { parseKeyring } from "@fincoach/domain";
import { createLogger } from "@fincoach/logging";
import { Redis } from "ioredis";
import { startNotificationWorkers } from "./notification-workers.ts";

const env = process.env as Record<string, string>;
const database = createDatabase(env.DATABASE_URL!, { max: 3 });
const redis = new Redis(env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
const logger = createLogger({ service: "worker", level: "silent" });
const n = startNotificationWorkers({
  db: database.db,
  keyring: parseKeyring(env.CONNECTION_KEYS!),
  logger,
  where: { connection: redis, redisPrefix: env.REDIS_PREFIX! },
  policy: { allowPrivate: true, allowedCidrs: [] },
  settings: { backoffBaseMs: 50, backoffCapMs: 200, lockDurationMs: 2_000 },
  timeoutMs: 30_000,
  leaseMs: 1_500,
  sweepGraceMs: 200,
  sweepIntervalMs: 200,
  stalledIntervalMs: 500,
});
n.worker.on("ready", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => {
  void n.close().then(async () => {
    redis.disconnect();
    await database.close();
    process.exit(0);
  });
});
