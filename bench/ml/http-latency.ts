import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createDatabase, migrateDatabase, users } from "@fincoach/db";
import { createTestRedis, freePort, TEST_REDIS_URL } from "@fincoach/testing";
import { benchDatabaseUrl, dropDatabase, recreateDatabase } from "../shared/bench-database.ts";
import { REPO_ROOT, startChildServer } from "../shared/child-server.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import type { LabelledRow } from "./fincoach-side.ts";
import { type LatencySummary, latencySummary } from "./report.ts";

const DATABASE = "fincoach_bench_ml";

export type HttpLatency = {
  requests: number;
  warmup: number;
  /** The whole pipeline (the person's rules, memories, then the model). */
  categorize: LatencySummary;
  /** The model stage alone. */
  score: LatencySummary;
  defaultModel: string;
  /** Share of the cores busy just before the timed requests (after the service was up). */
  cpuBusyBefore: number;
};

/**
 * One-transaction latency of the real ML service (`services/ml/src/main.ts` in a child process,
 * production settings): a fresh database, migrated, the default model registered by the
 * service's own `ensure-default-model` command (trained from the shipped file into the built-in
 * store), one person, a Redis key prefix of its own; then one request at a time, one transaction each, on one keep-alive
 * connection, timed from this process (client-side: includes HTTP and JSON both ways).
 */
export const measureHttpLatency = async (
  rows: readonly LabelledRow[],
  requests: number,
  warmup: number,
  quietWaitSeconds: number,
): Promise<HttpLatency> => {
  const url = benchDatabaseUrl(DATABASE);
  await recreateDatabase(DATABASE);
  // A key prefix of its own (the service's training queue writes under it), deleted at the end.
  const redis = await createTestRedis();
  try {
    await migrateDatabase(url);
    const ensured = spawnSync("sh", ["scripts/node.sh", "services/ml/src/ensure-default-model-command.ts"], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url, TRAINING_STORE: "pg", LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    if (ensured.status !== 0) throw new Error(`ensure-default-model failed: ${ensured.stderr.trim()}`);
    const defaultModel = ensured.stdout.trim();
    const database = createDatabase(url, { max: 1 });
    let userId: string;
    try {
      const [user] = await database.db
        .insert(users)
        .values({ email: `bench-ml-${randomUUID()}@example.com`, passwordHash: "bench" })
        .returning();
      userId = user!.id;
    } finally {
      await database.close();
    }
    const server = await startChildServer({
      name: "ml",
      script: "services/ml/src/main.ts",
      port: await freePort(),
      readyPath: "/readyz",
      env: {
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        DATABASE_URL: url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: redis.prefix,
        TRAINING_WORKER: "false",
        RETRAIN_SWEEP_SECONDS: "0",
        ENSURE_DEFAULT_MODEL: "false",
      },
    });
    try {
      const items = rows
        .filter((r) => r.description.trim() !== "")
        .map((r) => ({
          description: r.description,
          amount: r.amount.toFixed(2),
          currency: r.currency,
          date: r.date,
        }));
      const post = async (path: string, body: unknown) => {
        const started = performance.now();
        const res = await fetch(`${server.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        const ms = performance.now() - started;
        if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
        return ms;
      };
      const run = async (path: string, body: (item: (typeof items)[number]) => unknown) => {
        const times: number[] = [];
        for (let i = 0; i < warmup + requests; i++) {
          const ms = await post(path, body(items[i % items.length]!));
          if (i >= warmup) times.push(ms);
        }
        return latencySummary(times);
      };
      // Waited for here, not before: registering the default model trains it (seconds of CPU).
      const cpuBusyBefore = await waitForQuietMachine(quietWaitSeconds);
      const categorize = await run("/v1/categorize", (t) => ({ userId, transactions: [t] }));
      const score = await run("/v1/score", (t) => ({ userId, items: [{ ...t, merchant: null }] }));
      return { requests, warmup, categorize, score, defaultModel, cpuBusyBefore };
    } finally {
      await server.stop();
    }
  } finally {
    await redis.cleanup();
    await dropDatabase(DATABASE);
  }
};
