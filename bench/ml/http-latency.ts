import { randomUUID } from "node:crypto";
import {
  categories,
  createDatabase,
  type Database,
  merchantMemories,
  migrateDatabase,
  rules,
  users,
} from "@fincoach/db";
import { benchDatabaseUrl, dropDatabase, recreateDatabase } from "../shared/bench-database.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { startMlService } from "../shared/ml-service.ts";
import type { LabelledRow } from "./fincoach-side.ts";
import { type LatencySummary, latencySummary } from "./report.ts";

const DATABASE = "fincoach_bench_ml";

/** The second person's history: the pipeline reads all of it on every request before the model. */
export const HISTORY = { rules: 50, memories: 500 } as const;

export type HttpLatency = {
  requests: number;
  warmup: number;
  /** The whole pipeline for a person with no rules and no memories: a lower bound of its work. */
  categorize: LatencySummary;
  /**
   * The same requests for a person with `HISTORY.rules` rules and `HISTORY.memories` remembered
   * merchants, none of which fits the requests: every rule is tried, the memory looked up and
   * missed, then the model runs (a hit would skip the model and be quicker).
   */
  categorizeWithHistory: LatencySummary;
  history: { rules: number; memories: number };
  /** The model stage alone. */
  score: LatencySummary;
  defaultModel: string;
  /** Share of the cores busy just before the timed requests (after the service was up). */
  cpuBusyBefore: number;
};

const newPerson = async (database: Database, label: string): Promise<string> => {
  const [user] = await database.db
    .insert(users)
    .values({ email: `bench-ml-${label}-${randomUUID()}@example.com`, passwordHash: "bench" })
    .returning();
  return user!.id;
};

/** Gives the person HISTORY's rules and memories, all of them for texts the bench file never holds. */
const addHistory = async (database: Database, userId: string): Promise<void> => {
  const [category] = await database.db
    .insert(categories)
    .values({ userId, name: "Bench category", kind: "expense" })
    .returning();
  const categoryId = category!.id;
  await database.db.insert(rules).values(
    Array.from({ length: HISTORY.rules }, (_, i) => ({
      userId,
      name: `bench rule ${i}`,
      position: i,
      conditions: { descriptionContains: `zq bench rule ${i} never` },
      categoryId,
    })),
  );
  await database.db
    .insert(merchantMemories)
    .values(
      Array.from({ length: HISTORY.memories }, (_, i) => ({ userId, merchantKey: `zq bench memory ${i}`, categoryId })),
    );
};

/**
 * One-transaction latency of the real ML service (`services/ml/src/main.ts` in a child process,
 * production settings): a fresh database, migrated, the default model registered by the
 * service's own `ensure-default-model` command (trained from the shipped file into the built-in
 * store), two people (one new, one with HISTORY's rules and memories), a Redis key prefix of its own; then one request at a time, one transaction each, on one keep-alive
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
      let withHistory: string;
      try {
        userId = await newPerson(database, "new");
        withHistory = await newPerson(database, "history");
        await addHistory(database, withHistory);
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
      const categorizeWithHistory = await run("/v1/categorize", (t) => ({ userId: withHistory, transactions: [t] }));
      const score = await run("/v1/score", (t) => ({ userId, items: [{ ...t, merchant: null }] }));
      return {
        requests,
        warmup,
        categorize,
        categorizeWithHistory,
        history: { ...HISTORY },
        score,
        defaultModel,
        cpuBusyBefore,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await dropDatabase(DATABASE);
  }
};
