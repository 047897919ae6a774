/**
 * The import with the categorization pipeline on (issue 11): the same CSV imported for a
 * person with no rules, memories or model (the pipeline skipped), for one with ~20 rules and
 * a few remembered merchants (rules + memory), and for that person with the model stage
 * answered over HTTP by the real ML service (a child process), in interleaved rounds.
 * Every import's rows are then counted by category_source, so a fast figure that decided
 * nothing (a model that timed out, say) can't pass.
 */
import { loadavg } from "node:os";
import { merchantKeyOf, type ScoreModel, toDecimal } from "@fincoach/domain";
import { createHttpScoreModel } from "@fincoach/ml-client";
import { type CpuUse, startCpuMeter } from "../shared/cpu-accounting.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { median } from "../shared/median.ts";
import { startMlService } from "../shared/ml-service.ts";
import type { RealDescription } from "../shared/real-descriptions.ts";
import { fmt, timed } from "../shared/timing.ts";
import type { StatementFile } from "./generate-statements.ts";
import type { ImportBenchDatabase } from "./import-database.ts";
import { type ImportAs, importEndToEnd, parseRows } from "./import-paths.ts";
import { measure, type PathResult } from "./measure.ts";
import { type ClientDecode, clientDecodeCost, scoringSecondsSoFar } from "./model-stage-profile.ts";
import { CASES, type Case, type Decisions, decisionProblems } from "./pipeline-checks.ts";
import { countDecisions, createPipelinePerson } from "./pipeline-person.ts";
import { postgresPids } from "./postgres-pids.ts";
import { medianName, medianOfRounds, roundName, TARGET_ROWS_PER_SEC } from "./report.ts";

export { CASES, type Case };

/** The API's own default (ML_TIMEOUT_MS): a batch the service can't answer in time is left undecided. */
const ML_TIMEOUT_MS = 2_000;
/** The import's batch size (packages/domain/src/imports: the COPY asks for at most this many rows at a time). */
const BATCH = 1_000;

/** Time spent awaiting the model stage during one import (the import pipelines it with COPY). */
export type ModelTime = { calls: number; items: number; seconds: number; maxCallMs: number };

export type PipelineRound = {
  name: string;
  case: Case;
  round: number;
  decisions: Decisions;
  /** Null for the cases without a model. */
  model: ModelTime | null;
  warnings: string[];
  cpu: CpuUse;
  loadavg1: number;
};

export type PipelineBench = {
  person: { rules: number; memories: { merchantKey: string; category: string }[] };
  defaultModel: string;
  results: PathResult[];
  /** One per import, in the order they ran. */
  runs: PipelineRound[];
  /** The model stage alone over HTTP: every row of the file, batch by batch, no import. */
  modelAlone: {
    rows: number;
    seconds: number;
    rowsPerSec: number;
    cpu: CpuUse;
    /** Inside the ML service: featurize + ONNX run (its prediction-duration histogram's sum). */
    scoringSeconds: number;
    client: ClientDecode;
  };
  checks: { name: string; ok: boolean; detail: string }[];
  verdict: { name: string; rowsPerSec: number; pass: boolean };
};

export const caseName = (c: Case, rows: number): string => `pipeline ${c}: CSV ${fmt(rows)}`;

const timedModel = (inner: ScoreModel) => {
  const t: ModelTime = { calls: 0, items: 0, seconds: 0, maxCallMs: 0 };
  const model: ScoreModel = async (userId, items, options) => {
    const start = performance.now();
    try {
      return await inner(userId, items, options);
    } finally {
      const ms = performance.now() - start;
      t.calls++;
      t.items += items.length;
      t.seconds += ms / 1000;
      t.maxCallMs = Math.max(t.maxCallMs, ms);
    }
  };
  return { model, time: t };
};

export const runPipelineBench = async (opts: {
  db: ImportBenchDatabase;
  databaseUrl: string;
  csv: StatementFile;
  real: readonly RealDescription[];
  currency: string;
  rounds: number;
  quietWaitSeconds: number;
}): Promise<PipelineBench> => {
  const { db, csv, currency, rounds } = opts;
  const person = await createPipelinePerson(db, opts.real, currency);
  console.log(
    `pipeline person: ${person.rules} rules, ${person.memories.length} remembered merchants (${person.memories.map((m) => m.merchantKey).join(", ")})`,
  );
  console.log("starting the ML service (ensure-default-model trains the default model first)…");
  const ml = await startMlService(opts.databaseUrl);
  try {
    console.log(`ML service ${ml.url} (pid ${ml.pid}), default model ${ml.defaultModel}`);
    const http = createHttpScoreModel({ url: ml.url, model: "categorizer", timeoutMs: ML_TIMEOUT_MS });
    const groups = { bench: async () => [process.pid], ml: async () => [ml.pid], postgres: postgresPids };
    // One call first, so the first timed import doesn't pay for connecting and the first inference.
    await http(person.userId, [
      { description: "warm up", merchant: null, amount: "-1.00", currency, date: "2024-01-01" },
    ]);

    const results: PathResult[] = [];
    const roundsOut: PipelineRound[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const c of CASES) {
        const name = roundName(caseName(c, csv.rows), round);
        const userId = c === "none" ? db.userId : person.userId;
        const accountId = await (c === "none" ? db.newAccount(name) : person.newAccount(name));
        const warnings: string[] = [];
        const timedHttp = c === "rules + memory + model (HTTP)" ? timedModel(http) : null;
        const as: ImportAs = { userId, warn: (m, d) => warnings.push(`${m} ${JSON.stringify(d)}`) };
        if (timedHttp) as.scoreModel = timedHttp.model;
        let cpu: CpuUse | undefined;
        const result = await measure(
          name,
          csv.rows,
          async () => {
            const meter = await startCpuMeter(groups);
            const counts = await importEndToEnd(db, accountId, csv, as);
            cpu = await meter.stop();
            return counts;
          },
          opts.quietWaitSeconds,
        );
        results.push(result);
        const decisions = await countDecisions(db, userId, accountId);
        roundsOut.push({
          name,
          case: c,
          round,
          decisions,
          model: timedHttp?.time ?? null,
          warnings,
          cpu: cpu!,
          loadavg1: loadavg()[0]!,
        });
        console.log(
          `    decided: rule ${fmt(decisions.rule)}, memory ${fmt(decisions.memory)}, model ${fmt(decisions.model)}` +
            ` (applied ${fmt(decisions.modelApplied)}, suggested ${fmt(decisions.modelSuggested)}), undecided ${fmt(decisions.undecided)}` +
            (timedHttp
              ? `; model: ${timedHttp.time.calls} calls, ${fmt(timedHttp.time.seconds, 2)} s awaited, slowest ${fmt(timedHttp.time.maxCallMs)} ms`
              : ""),
        );
      }
    }
    for (const c of CASES) results.push(medianOfRounds(caseName(c, csv.rows), rounds, results));

    // The model stage's ceiling: the same rows, as the pipeline would send them, one batch at a time.
    const items = parseRows(csv, currency).map((r) => ({
      description: r.description.slice(0, 2000),
      merchant: merchantKeyOf(r.description, r.merchant ?? null).slice(0, 500) || null,
      amount: toDecimal(r.amountMinor, currency),
      currency,
      date: r.date,
    }));
    await waitForQuietMachine(opts.quietWaitSeconds);
    const scoringBefore = await scoringSecondsSoFar(ml.url);
    const meter = await startCpuMeter(groups);
    const { seconds } = await timed(async () => {
      for (let i = 0; i < items.length; i += BATCH) await http(person.userId, items.slice(i, i + BATCH));
    });
    const cpu = await meter.stop();
    const scoringSeconds = (await scoringSecondsSoFar(ml.url)) - scoringBefore;
    const client = await clientDecodeCost(ml.url, person.userId, items.slice(0, BATCH));
    const modelAlone = { rows: items.length, seconds, rowsPerSec: items.length / seconds, cpu, scoringSeconds, client };

    const checks = roundsOut.map((r) => {
      const inserted = results.find((x) => x.name === r.name)?.inserted ?? -1;
      const bad = decisionProblems(r.case, r.decisions, inserted, r.warnings);
      return { name: r.name, ok: bad.length === 0, detail: bad.join("; ") || "ok" };
    });
    const full = results.find((r) => r.name === medianName(caseName("rules + memory + model (HTTP)", csv.rows)))!;
    const verdict = {
      name: full.name,
      rowsPerSec: full.rowsPerSec,
      pass: full.rowsPerSec >= TARGET_ROWS_PER_SEC && checks.every((c) => c.ok),
    };
    return {
      person: { rules: person.rules, memories: person.memories },
      defaultModel: ml.defaultModel,
      results,
      runs: roundsOut,
      modelAlone,
      checks,
      verdict,
    };
  } finally {
    await ml.stop();
  }
};

const share = (part: number, whole: number) => `${fmt((100 * part) / whole)} %`;

/** The pipeline's table: per case, the median rows/s, where the CPU went, and the model's share. */
export const printPipelineReport = (b: PipelineBench, rows: number): void => {
  console.log("\npipeline: median of the rounds; CPU seconds per import (median), by process");
  for (const c of CASES) {
    const m = b.results.find((r) => r.name === medianName(caseName(c, rows)))!;
    const rs = b.runs.filter((r) => r.case === c);
    const cpu = (g: string) => median(rs.map((r) => r.cpu.byGroup[g] ?? 0));
    const wall = median(rs.map((r) => r.cpu.seconds));
    let line = `  ${c.padEnd(30)} ${fmt(m.rowsPerSec).padStart(7)} rows/s  wall ${fmt(wall, 2)} s  CPU: bench ${fmt(cpu("bench"), 2)} s, ML ${fmt(cpu("ml"), 2)} s, postgres ${fmt(cpu("postgres"), 2)} s, others ${fmt(median(rs.map((r) => r.cpu.others)), 2)} s`;
    const models = rs.flatMap((r) => (r.model ? [r.model] : []));
    if (models.length > 0) {
      const awaited = median(models.map((x) => x.seconds));
      line += `\n  ${"".padEnd(30)} model stage awaited ${fmt(awaited, 2)} s (${share(awaited, wall)} of the import), ${models[0]!.calls} calls`;
    }
    console.log(line);
  }
  const a = b.modelAlone;
  console.log(
    `  model stage alone over HTTP: ${fmt(a.rows)} rows in ${fmt(a.seconds, 2)} s = ${fmt(a.rowsPerSec)} rows/s` +
      ` (CPU: ML ${fmt(a.cpu.byGroup.ml ?? 0, 2)} s, bench ${fmt(a.cpu.byGroup.bench ?? 0, 2)} s, postgres ${fmt(a.cpu.byGroup.postgres ?? 0, 2)} s)`,
  );
  const batches = Math.ceil(a.rows / BATCH);
  console.log(
    `    of which scoring inside the ML service (featurize + ONNX): ${fmt(a.scoringSeconds, 2)} s (${share(a.scoringSeconds, a.seconds)});` +
      ` the rest is HTTP, JSON and validation on both sides and routing: ${fmt(a.seconds - a.scoringSeconds, 2)} s`,
  );
  const c = a.client;
  console.log(
    `    one ${fmt(BATCH)}-row batch: request ${fmt(c.requestBytes / 1024)} KiB, answer ${fmt(c.responseBytes / 1024)} KiB;` +
      ` caller's JSON.stringify ${fmt(c.encodeMs, 1)} ms, JSON.parse + ScoreResponse.parse ${fmt(c.decodeMs, 1)} ms` +
      ` (${fmt(((c.encodeMs + c.decodeMs) * batches) / 1000, 2)} s over the file)`,
  );
  console.log("\nevery row decided (counted by category_source):");
  for (const c of b.checks) console.log(`  ${c.ok ? "ok  " : "BAD "} ${c.name}: ${c.detail}`);
  const v = b.verdict;
  console.log(
    `\n${v.pass ? "PASS" : "FAIL"}  ${v.name}: ${fmt(v.rowsPerSec)} rows/s (target >= ${fmt(TARGET_ROWS_PER_SEC)}${b.checks.every((c) => c.ok) ? "" : "; and a check above failed"})`,
  );
};
