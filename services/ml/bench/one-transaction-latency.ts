/**
 * One-transaction HTTP latency of the ML service with the default model (trained from the
 * whole shipped Birmingham file into a throwaway database): sequential keep-alive requests
 * over a real socket, client and server in one process.
 * `sh scripts/node.sh services/ml/bench/one-transaction-latency.ts [requests]`
 */
import { randomUUID } from "node:crypto";
import { users } from "@fincoach/db";
import { createLogger } from "@fincoach/logging";
import { createTestDatabase } from "@fincoach/testing";
import { quantile } from "../src/scoring/prediction-window.ts";
import { ensureDefaultModel } from "../src/training/ensure-default-model.ts";
import { startInProcessMlServer } from "./in-process-ml-server.ts";

const requests = Number(process.argv[2] ?? 2000);
const database = await createTestDatabase();
const logger = createLogger({ service: "ml", level: "warn" });
try {
  const started = performance.now();
  await ensureDefaultModel({ db: database.db, model: "categorizer", store: { kind: "pg" }, logger });
  process.stdout.write(
    `default model trained and registered in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  const server = await startInProcessMlServer(database, logger);
  const { base } = server;
  const [user] = await database.db.insert(users).values({ email: "bench@example.com", passwordHash: "x" }).returning();
  const bodies = {
    "/v1/score": {
      userId: randomUUID(),
      items: [
        {
          description: "shell kings 587",
          merchant: "shell kings",
          amount: "-72.61",
          currency: "GBP",
          date: "2017-01-03",
        },
      ],
    },
    "/v1/categorize": {
      userId: user!.id,
      transactions: [{ description: "shell kings 587", amount: "-72.61", currency: "GBP", date: "2017-01-03" }],
    },
  };
  for (const [path, body] of Object.entries(bodies)) {
    const text = JSON.stringify(body);
    const once = async () => {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: text,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 200; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < requests; i++) times.push(await once());
    process.stdout.write(
      `${path}: ${requests} sequential requests, p50 ${quantile(times, 0.5)!.toFixed(2)} ms, p99 ${quantile(times, 0.99)!.toFixed(2)} ms\n`,
    );
  }
  await server.close();
} finally {
  await database.drop();
}
