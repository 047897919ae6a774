/**
 * `POST /v1/score` with 1,000 rows, `explain: true` against `explain: false` (issue 11): the
 * default model (trained from the whole shipped Birmingham file into a throwaway database),
 * 1,000 real rows (merchant normalized as the pipeline does), sequential keep-alive requests
 * over a real socket, the two settings interleaved round by round so machine noise falls on
 * both. A call's time is the client's: send, the service's work, receive, JSON.parse and the
 * contract's zod parse (what the HTTP ScoreModel does); client and server share one process.
 * Also the service's own scoring time (featurize + ONNX + top-k + explanation) per row.
 * `sh scripts/node.sh services/ml/bench/score-explain.ts [rounds]`
 */
import { randomUUID } from "node:crypto";
import { loadModelArtifact } from "@fincoach/categorizer";
import { SCORE_MAX_ITEMS, ScoreResponse } from "@fincoach/contracts";
import { normalizeMerchant } from "@fincoach/domain";
import { createLogger } from "@fincoach/logging";
import { createTestDatabase } from "@fincoach/testing";
import { fetchArtifact } from "../src/registry/fetch-artifact.ts";
import { quantile } from "../src/scoring/prediction-window.ts";
import { DEFAULT_MODEL_DATA, ensureDefaultModel, readLabelledCsv } from "../src/training/ensure-default-model.ts";
import { startInProcessMlServer } from "./in-process-ml-server.ts";

const rounds = Number(process.argv[2] ?? 40);
const WARMUP = 10;
const database = await createTestDatabase();
const logger = createLogger({ service: "ml", level: "warn" });
try {
  const trained = await ensureDefaultModel({ db: database.db, model: "categorizer", store: { kind: "pg" }, logger });
  if (!trained) throw new Error("a fresh database already had a default model");
  const server = await startInProcessMlServer(database, logger);
  const { base } = server;

  const rows = (await readLabelledCsv(DEFAULT_MODEL_DATA)).slice(0, SCORE_MAX_ITEMS);
  const items = rows.map((r) => ({
    description: r.description,
    merchant: normalizeMerchant(r.description) || null,
    amount: r.amount.toFixed(2),
    currency: "GBP",
    date: r.date ?? "2017-01-03",
  }));
  const userId = randomUUID();
  const bodies = {
    true: JSON.stringify({ userId, items, explain: true }),
    false: JSON.stringify({ userId, items, explain: false }),
  };
  const call = async (explain: boolean) => {
    const t = performance.now();
    const res = await fetch(`${base}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: bodies[`${explain}`],
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    const { scores } = ScoreResponse.parse(JSON.parse(text));
    return { ms: performance.now() - t, bytes: Buffer.byteLength(text), scores };
  };

  // The two answers must agree on everything but the explanation before their costs are compared.
  const [a, b] = [await call(true), await call(false)];
  const strip = (s: (typeof a.scores)[number]) => ({ ...s, explanation: [] });
  if (JSON.stringify(a.scores.map(strip)) !== JSON.stringify(b.scores))
    throw new Error("explain: false changed labels or confidences");

  const times = { true: [] as number[], false: [] as number[] };
  for (let i = 0; i < WARMUP + rounds; i++)
    for (const explain of i % 2 === 0 ? [true, false] : [false, true]) {
      const { ms } = await call(explain);
      if (i >= WARMUP) times[`${explain}`].push(ms);
    }

  // The artifact alone, same rows: what skipping the explanation saves inside the service.
  const artifact = await loadModelArtifact(
    await fetchArtifact(trained.row.artifactUri, { db: database.db, timeoutMs: 30_000 }),
  );
  const inputs = items.map((it) => ({
    description: it.description,
    amount: Number(it.amount),
    merchant: it.merchant ?? undefined,
  }));
  const scoring = { true: [] as number[], false: [] as number[] };
  for (let i = 0; i < WARMUP + rounds; i++)
    for (const explain of i % 2 === 0 ? [true, false] : [false, true]) {
      const t = performance.now();
      await artifact.score(inputs, undefined, { explain });
      if (i >= WARMUP) scoring[`${explain}`].push(performance.now() - t);
    }
  await artifact.release();

  process.stdout.write(`POST /v1/score, ${items.length} rows, ${rounds} rounds each (after ${WARMUP} warm-up):\n`);
  for (const explain of [true, false] as const) {
    const size = (explain ? a : b).bytes;
    const t = times[`${explain}`];
    const s = scoring[`${explain}`];
    process.stdout.write(
      `  explain: ${explain}`.padEnd(16) +
        ` answer ${(size / 1024).toFixed(1)} KiB; call p50 ${quantile(t, 0.5)!.toFixed(1)} ms, p90 ${quantile(t, 0.9)!.toFixed(1)} ms;` +
        ` artifact.score p50 ${quantile(s, 0.5)!.toFixed(2)} ms (${((quantile(s, 0.5)! * 1000) / items.length).toFixed(2)} µs/row)\n`,
    );
  }
  process.stdout.write(`  request body ${(Buffer.byteLength(bodies.true) / 1024).toFixed(1)} KiB\n`);
  await server.close();
} finally {
  await database.drop();
}
