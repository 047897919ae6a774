import { randomUUID } from "node:crypto";
import { createDatabase, migrateDatabase, users } from "@fincoach/db";
import { benchDatabaseUrl, dropDatabase, recreateDatabase } from "../shared/bench-database.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { startMlService } from "../shared/ml-service.ts";
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
  try {
    await migrateDatabase(url);
    // Registers the default model, then starts the service on a Redis key prefix of its own.
    const server = await startMlService(url);
    const { defaultModel } = server;
    try {
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
    await dropDatabase(DATABASE);
  }
};
