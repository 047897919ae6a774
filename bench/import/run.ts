/**
 * Import benchmark: generates a 100,000-row CSV and a 10,000-transaction OFX, then times,
 * in this one process against Postgres: parsing alone, the import use case end to end (the
 * COPY path), a re-import of the same file (all duplicates), and each insert strategy alone
 * on the same parsed rows (COPY, batched multi-row INSERT, row-at-a-time on a sample).
 * The end-to-end imports run in rounds, each into new accounts, and are judged by their
 * median: the machine drifts by tens of percent from one minute to the next.
 *
 *   npm run bench:import [-- --csv-rows 100000 --ofx-rows 10000 --row-sample 5000 --rounds 3 --keep --quiet-wait 60]
 *
 * With `--pipeline`, instead: the CSV imported with the categorization pipeline off, with
 * rules + memory, and with rules + memory + the real ML service's model over HTTP
 * (pipeline.ts), interleaved in `--rounds` rounds.
 */
import { rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { benchDatabaseUrl, dropDatabase } from "../shared/bench-database.ts";
import { describeMachine } from "../shared/machine.ts";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { writeResults } from "../shared/results-file.ts";
import { fmt } from "../shared/timing.ts";
import { writeStatements } from "./generate-statements.ts";
import { openImportDatabase } from "./import-database.ts";
import { importEndToEnd, insertOnly, newInsertTarget, parseOnly, parseRows } from "./import-paths.ts";
import { measure, type PathResult } from "./measure.ts";
import { printPipelineReport, runPipelineBench } from "./pipeline.ts";
import { judge, medianName, medianOfRounds, printReport, ratios, roundName } from "./report.ts";

const { values: args } = parseArgs({
  options: {
    "csv-rows": { type: "string", default: "100000" },
    "ofx-rows": { type: "string", default: "10000" },
    "row-sample": { type: "string", default: "5000" },
    rounds: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
    "quiet-wait": { type: "string", default: "60" },
    pipeline: { type: "boolean", default: false },
  },
});
const sizes = { csvRows: Number(args["csv-rows"]), ofxRows: Number(args["ofx-rows"]) };
const rowSample = Number(args["row-sample"]);
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`bench:import: --rounds must be a whole number of at least 1, not "${args.rounds}"`);
  process.exit(2);
}
const CURRENCY = "GBP"; // the real descriptors and amounts are from a UK card programme
const DATABASE = "fincoach_bench_import";
const N = { csv: fmt(sizes.csvRows), ofx: fmt(sizes.ofxRows), sample: fmt(rowSample) };
const NAMES = {
  e2eCsv: `end to end, COPY: CSV ${N.csv}`,
  e2eOfx: `end to end, COPY: OFX ${N.ofx}`,
  copy: `insert only, COPY: ${N.csv}`,
  batched: `insert only, batched INSERT: ${N.csv}`,
  row: `insert only, row-at-a-time: ${N.sample}`,
};

const machine = describeMachine();
const real = await loadRealDescriptions(30_000);
const files = await writeStatements(sizes, real, CURRENCY);
console.log(
  `statements in ${files.dir}: CSV ${fmt(files.csv.content.length / 2 ** 20, 1)} MiB, OFX ${fmt(files.ofx.content.length / 2 ** 20, 1)} MiB`,
);
// The pipeline run has a database of its own, so it and the plain run never drop each other's.
const database = args.pipeline ? `${DATABASE}_pipeline` : DATABASE;
const db = await openImportDatabase(database, CURRENCY);
if (args.pipeline) {
  const loadBefore = loadavg();
  let bench: Awaited<ReturnType<typeof runPipelineBench>>;
  try {
    bench = await runPipelineBench({
      db,
      databaseUrl: benchDatabaseUrl(database),
      csv: files.csv,
      real,
      currency: CURRENCY,
      rounds,
      quietWaitSeconds: Number(args["quiet-wait"]),
    });
  } catch (e) {
    await db.close();
    await rm(files.dir, { recursive: true, force: true });
    if (!args.keep) await dropDatabase(database);
    throw e;
  }
  const loadAfter = loadavg();
  await db.close();
  await rm(files.dir, { recursive: true, force: true });
  printReport(machine, bench.results, [], []);
  printPipelineReport(bench, sizes.csvRows);
  console.log(
    `load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
  );
  const path = await writeResults("import", {
    pipeline: true,
    machine,
    sizes,
    rounds,
    loadBefore,
    loadAfter,
    ...bench,
    at: new Date().toISOString(),
  });
  console.log(`results written to ${path}`);
  // Dropped after the figures are out: a DROP DATABASE can wait on another backend for minutes.
  if (!args.keep) await dropDatabase(database);
  process.exit(bench.verdict.pass ? 0 : 1);
}

const results: PathResult[] = [];
const run = async (name: string, rows: number, fn: Parameters<typeof measure>[2]) => {
  results.push(await measure(name, rows, fn, Number(args["quiet-wait"])));
};

try {
  for (const [label, file] of [
    ["CSV", files.csv],
    ["OFX", files.ofx],
  ] as const) {
    await run(`parse only: ${label} ${fmt(file.rows)}`, file.rows, async () => {
      const found = parseOnly(file, CURRENCY);
      if (found !== file.rows) console.log(`  WARNING: parsed ${found} of ${file.rows} ${label} rows`);
      return undefined;
    });
  }

  const firstCsvAccount = await db.newAccount("end to end CSV, round 1");
  for (let round = 1; round <= rounds; round++) {
    const csvAccount = round === 1 ? firstCsvAccount : await db.newAccount(`end to end CSV, round ${round}`);
    const ofxAccount = await db.newAccount(`end to end OFX, round ${round}`);
    await run(roundName(NAMES.e2eCsv, round), sizes.csvRows, () => importEndToEnd(db, csvAccount, files.csv));
    await run(roundName(NAMES.e2eOfx, round), sizes.ofxRows, () => importEndToEnd(db, ofxAccount, files.ofx));
  }
  for (const name of [NAMES.e2eCsv, NAMES.e2eOfx]) {
    results.push(medianOfRounds(name, rounds, results));
  }
  await run(`re-import same CSV (dedupe): ${N.csv}`, sizes.csvRows, () =>
    importEndToEnd(db, firstCsvAccount, files.csv),
  );

  const rows = parseRows(files.csv, CURRENCY);
  const targets = {
    copy: await newInsertTarget(db, "copy", CURRENCY),
    batched: await newInsertTarget(db, "batched", CURRENCY),
    row: await newInsertTarget(db, "row", CURRENCY),
  };
  await run(NAMES.copy, rows.length, () => insertOnly(db, "copy", targets.copy, rows));
  await run(NAMES.batched, rows.length, () => insertOnly(db, "batched", targets.batched, rows));
  await run(NAMES.row, rowSample, () => insertOnly(db, "row", targets.row, rows.slice(0, rowSample)));
} finally {
  await db.close();
  await rm(files.dir, { recursive: true, force: true });
  if (!args.keep) await dropDatabase(DATABASE);
}

const rs = ratios(results, NAMES.copy, { batched: NAMES.batched, "row-at-a-time": NAMES.row });
const verdicts = judge(results, [medianName(NAMES.e2eCsv), medianName(NAMES.e2eOfx)]);
printReport(machine, results, rs, verdicts);
console.log(`\nrow-at-a-time ran on the first ${N.sample} rows; its rows/s is extrapolated to the full file.`);
const path = await writeResults("import", {
  machine,
  sizes,
  rowSample,
  rounds,
  results,
  ratios: rs,
  verdicts,
  at: new Date().toISOString(),
});
console.log(`results written to ${path}`);
