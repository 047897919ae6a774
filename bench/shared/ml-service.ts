import { spawnSync } from "node:child_process";
import { createTestRedis, freePort, TEST_REDIS_URL } from "@fincoach/testing";
import { type ChildServer, REPO_ROOT, startChildServer } from "./child-server.ts";

export type MlServiceChild = ChildServer & {
  /** What `ensure-default-model` printed: the default model version it registered. */
  defaultModel: string;
};

/**
 * The real ML service (`services/ml/src/main.ts`) in a child process with production
 * settings, over `databaseUrl` (already migrated): the default model registered first by the
 * service's own `ensure-default-model` command (trained from the shipped file into the
 * built-in store: seconds of CPU, so wait for a quiet machine after this resolves), a Redis
 * key prefix of its own (deleted on stop), no training worker and no retrain sweep.
 */
export const startMlService = async (databaseUrl: string): Promise<MlServiceChild> => {
  const redis = await createTestRedis();
  try {
    const ensured = spawnSync("sh", ["scripts/node.sh", "services/ml/src/ensure-default-model-command.ts"], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, TRAINING_STORE: "pg", LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    if (ensured.status !== 0) throw new Error(`ensure-default-model failed: ${ensured.stderr.trim()}`);
    const server = await startChildServer({
      name: "ml",
      script: "services/ml/src/main.ts",
      port: await freePort(),
      readyPath: "/readyz",
      env: {
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        DATABASE_URL: databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: redis.prefix,
        TRAINING_WORKER: "false",
        RETRAIN_SWEEP_SECONDS: "0",
        ENSURE_DEFAULT_MODEL: "false",
      },
    });
    const stop = async () => {
      try {
        await server.stop();
      } finally {
        await redis.cleanup();
      }
    };
    return { ...server, stop, defaultModel: ensured.stdout.trim() };
  } catch (e) {
    await redis.cleanup();
    throw e;
  }
};
