/**
 * ML benchmark: the FinCoach categorizer against scikit-learn's TF-IDF (char_wb 2-5 + word 1-2)
 * + LinearSVC, in one run, on the Birmingham purchase-card file:
 * 1. the time split (trained before May 2017, tested on May and June): accuracy, macro-F1 and
 *    accuracy of the most confident 80 % for both, FinCoach judged ahead or not on each;
 * 2. the online run: each month from January 2017 predicted by a model trained on all earlier ones;
 * 3. speed: training on the full file, batch inference rows/s in batches of 1,000 through the
 *    ONNX path, next to scikit-learn's predict.
 * Both sides' predictions are scored by the categorizer's own `evaluate`; scikit-learn's
 * accuracy_score / f1_score come back as a cross-check of that code.
 *
 * 4. one-transaction HTTP latency of the real ML service (`services/ml`, a child process on a fresh
 *    database with Redis): POST /v1/categorize (the pipeline) and POST /v1/score (the model alone).
 *
 *   npm run bench:ml [-- --data <csv> --batch 1000 --passes 3 --quiet-wait 60 --http-requests 2000 --skip-http]
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { describeMachine } from "../shared/machine.ts";
import { writeResults } from "../shared/results-file.ts";
import { fmt } from "../shared/timing.ts";
import {
  artifactSpeed,
  readLabelledRows,
  runSplit,
  type SplitRun,
  scoreArtifacts,
  scoreBreakdown,
  timedTrain,
} from "./fincoach-side.ts";
import { type HttpLatency, measureHttpLatency } from "./http-latency.ts";
import {
  evaluateSide,
  judgeAgainstPeer,
  judgeAtLeast,
  judgeAtMost,
  printTable,
  printVerdicts,
  TARGETS,
  type Verdict,
} from "./report.ts";
import { ensureSklearn, type PeerSplit, runPeer } from "./sklearn-peer.ts";
import { HOLDOUT, ONLINE_MONTHS, onlineSplits } from "./splits.ts";

const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: "testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv" },
    batch: { type: "string", default: "1000" },
    passes: { type: "string", default: "3" },
    "quiet-wait": { type: "string", default: "60" },
    "http-requests": { type: "string", default: "2000" },
    "skip-http": { type: "boolean", default: false },
  },
});
const csv = args.data;
const batch = Number(args.batch);
const passes = Number(args.passes);
const quietWait = Number(args["quiet-wait"]);
const httpRequests = Number(args["http-requests"]);
for (const [name, n] of [
  ["--batch", batch],
  ["--passes", passes],
  ["--http-requests", httpRequests],
] as const) {
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench:ml: ${name} must be a whole number of at least 1`);
    process.exit(2);
  }
}

const machine = describeMachine();
const load = () => loadavg().map((x) => Number(x.toFixed(2)));
const loadAtStart = load();
console.log(
  `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${loadAtStart.join(", ")}`,
);

ensureSklearn();
const rows = await readLabelledRows(csv);
console.log(`${csv}: ${fmt(rows.length)} labelled rows`);
const splits = [HOLDOUT, ...onlineSplits(ONLINE_MONTHS)];

// The peer runs first, alone: the two sides never share the cores with each other.
console.log("\nscikit-learn peer: every split, then training on the full file and predict speed…");
const peerBusyBefore = await waitForQuietMachine(quietWait);
const peer = await runPeer(csv, splits, { batch, passes });
console.log(`  scikit-learn ${peer.sklearn}, numpy ${peer.numpy}, Python ${peer.python}`);

console.log("\nFinCoach: every split…");
const oursBusyBefore = await waitForQuietMachine(quietWait);
const ours: SplitRun[] = splits.map((s) => {
  const run = runSplit(rows, s);
  console.log(`  ${s.name}: trained on ${fmt(run.trainRows)} rows in ${run.trainSeconds.toFixed(1)} s`);
  return run;
});

const peerSplit = (name: string): PeerSplit => {
  const p = peer.splits.find((s) => s.name === name);
  if (!p) throw new Error(`the peer did not answer for ${name}`);
  return p;
};

type Compared = {
  name: string;
  trainRows: number;
  testRows: number;
  fincoach: ReturnType<typeof evaluateSide>;
  sklearn: ReturnType<typeof evaluateSide>;
  sklearnOwn: { accuracy: number; macroF1: number };
  trainSeconds: { fincoach: number; sklearn: number };
};
const compared: Compared[] = ours.map((o) => {
  const p = peerSplit(o.name);
  // Both sides must have split the file identically, or the comparison means nothing.
  if (p.trainRows !== o.trainRows || p.testRows !== o.testRows)
    throw new Error(
      `${o.name}: FinCoach split ${o.trainRows}/${o.testRows} rows, the peer ${p.trainRows}/${p.testRows}`,
    );
  return {
    name: o.name,
    trainRows: o.trainRows,
    testRows: o.testRows,
    fincoach: evaluateSide(o.truth, o.predicted, o.confidence),
    sklearn: evaluateSide(o.truth, p.predicted, p.confidence),
    sklearnOwn: { accuracy: p.sklearnAccuracy, macroF1: p.sklearnMacroF1 },
    trainSeconds: { fincoach: o.trainSeconds, sklearn: p.trainSeconds },
  };
});
for (const c of compared) {
  // sklearn's own metrics on its own predictions: if our evaluate disagreed, our figures would be wrong.
  if (
    Math.abs(c.sklearn.accuracy - c.sklearnOwn.accuracy) > 1e-9 ||
    Math.abs(c.sklearn.macroF1 - c.sklearnOwn.macroF1) > 1e-9
  )
    throw new Error(`${c.name}: evaluate and scikit-learn's metrics disagree on the peer's predictions`);
}

console.log("\nFinCoach's time-split model as shipped: fp32 and int8 .onnx files, scored with loadModelArtifact…");
const holdoutRun = ours[0]!;
const shipped = await scoreArtifacts(holdoutRun.model, holdoutRun.test, batch);

console.log("\nspeed: FinCoach trained on the full file, then scored through onnxruntime…");
const speedBusyBefore = await waitForQuietMachine(quietWait);
const full = timedTrain(rows);
const speeds = await artifactSpeed(full.model, rows, batch, passes);
const fp32Speed = speeds.find((s) => s.quantization === "fp32")!;
const breakdown = await scoreBreakdown(full.model, rows, batch, passes);

let http: HttpLatency | null = null;
if (!args["skip-http"]) {
  console.log(`\nHTTP: the ML service in a child process, ${fmt(httpRequests)} one-transaction requests per route…`);
  http = await measureHttpLatency(rows, httpRequests, Math.min(200, httpRequests), quietWait);
  console.log(`  ${http.defaultModel}`);
}
const httpBusyBefore = http?.cpuBusyBefore ?? null;

const loadAtEnd = load();
const pct = (x: number) => (x * 100).toFixed(1);

console.log(`\n== time split: ${HOLDOUT.name} ==`);
const holdout = compared[0]!;
console.log(`${fmt(holdout.trainRows)} training rows, ${fmt(holdout.testRows)} test rows\n`);
printTable(
  ["", "accuracy", "macro-F1", "top 80 %", "top 50 %", "train s"],
  [
    [
      "FinCoach",
      pct(holdout.fincoach.accuracy),
      pct(holdout.fincoach.macroF1),
      pct(holdout.fincoach.accuracyTop80),
      pct(holdout.fincoach.accuracyTop50),
      holdout.trainSeconds.fincoach.toFixed(1),
    ],
    [
      "scikit-learn",
      pct(holdout.sklearn.accuracy),
      pct(holdout.sklearn.macroF1),
      pct(holdout.sklearn.accuracyTop80),
      pct(holdout.sklearn.accuracyTop50),
      holdout.trainSeconds.sklearn.toFixed(1),
    ],
  ],
);
console.log("(per cent; top N % = accuracy of the most confident N % of test rows)");

console.log("\n== online: each month predicted by a model trained on every earlier month ==");
printTable(
  ["month", "train rows", "test rows", "FinCoach acc", "sklearn acc", "FinCoach mF1", "sklearn mF1"],
  compared
    .slice(1)
    .map((c) => [
      c.name.replace("online ", ""),
      fmt(c.trainRows),
      fmt(c.testRows),
      pct(c.fincoach.accuracy),
      pct(c.sklearn.accuracy),
      pct(c.fincoach.macroF1),
      pct(c.sklearn.macroF1),
    ]),
);

console.log(`\n== the time-split model as shipped (${HOLDOUT.name}) ==`);
printTable(
  ["", "file MB", "accuracy", "macro-F1", "top 80 %", "ECE"],
  [
    [
      "reference (TypeScript predict)",
      "-",
      pct(holdout.fincoach.accuracy),
      pct(holdout.fincoach.macroF1),
      pct(holdout.fincoach.accuracyTop80),
      pct(holdout.fincoach.ece),
    ],
    ...shipped.map((v) => {
      const e = evaluateSide(holdoutRun.truth, v.predicted, v.confidence);
      return [
        `${v.quantization} .onnx (loadModelArtifact)`,
        fmt(v.bytes / 1e6, 1),
        pct(e.accuracy),
        pct(e.macroF1),
        pct(e.accuracyTop80),
        pct(e.ece),
      ];
    }),
  ],
);
console.log(
  `(ECE over 15 confidence bins, per cent; temperature ${holdoutRun.model.temperature.toFixed(3)}${holdoutRun.model.temperature === 1 ? ": uncalibrated" : ""})`,
);

const speed = peer.speed!;
console.log(`\n== speed (full file, ${fmt(rows.length)} rows; batches of ${fmt(batch)}, best of ${passes}) ==`);
printTable(
  ["", "file MB", "train s", "inference rows/s"],
  [
    ...speeds.map((v) => [
      `FinCoach ${v.quantization} .onnx (loadModelArtifact score)`,
      fmt(v.bytes / 1e6, 1),
      full.seconds.toFixed(1),
      fmt(v.rowsPerSec.best),
    ]),
    ["scikit-learn (transform + LinearSVC predict)", "-", speed.trainSeconds.toFixed(1), fmt(speed.predictRowsPerSec)],
  ],
);
console.log(
  `where fp32 score's time goes: featurize alone ${fmt(breakdown.featurize)} rows/s; featurize + session.run (loadOnnxScorer, no top-k or explanation) ${fmt(breakdown.featurizeAndRun)} rows/s; score ${fmt(fp32Speed.rowsPerSec.best)} rows/s`,
);

if (http) {
  console.log(
    `\n== one transaction over HTTP (${fmt(http.requests)} sequential requests per route after ${fmt(http.warmup)} warm-up, client-side ms) ==`,
  );
  printTable(
    ["", "p50", "p99", "mean", "max"],
    (
      [
        ["POST /v1/categorize, a person with no rules or memories", http.categorize],
        [
          `POST /v1/categorize, ${http.history.rules} rules and ${http.history.memories} memories (none fits)`,
          http.categorizeWithHistory,
        ],
        ["POST /v1/score (model stage alone)", http.score],
      ] as const
    ).map(([name, l]) => [name, l.p50Ms.toFixed(2), l.p99Ms.toFixed(2), l.meanMs.toFixed(2), l.maxMs.toFixed(1)]),
  );
}

const verdicts: Verdict[] = [
  ...judgeAgainstPeer(holdout.fincoach, holdout.sklearn),
  judgeAtMost("training on the full file", full.seconds, TARGETS.trainSeconds, "s"),
  judgeAtLeast("batch inference through ONNX (fp32)", fp32Speed.rowsPerSec.best, TARGETS.batchRowsPerSec, "rows/s"),
  ...(http
    ? [
        judgeAtMost(
          "one-transaction POST /v1/categorize p99 (no rules or memories)",
          http.categorize.p99Ms,
          TARGETS.httpP99Ms,
          "ms",
        ),
        judgeAtMost(
          `one-transaction POST /v1/categorize p99 (${http.history.rules} rules, ${http.history.memories} memories)`,
          http.categorizeWithHistory.p99Ms,
          TARGETS.httpP99Ms,
          "ms",
        ),
        judgeAtMost("one-transaction POST /v1/score p99", http.score.p99Ms, TARGETS.httpP99Ms, "ms"),
      ]
    : []),
];
console.log("");
printVerdicts(verdicts);
console.log(
  `\nload average at start ${loadAtStart.join(", ")}, at end ${loadAtEnd.join(", ")}; cores busy before: peer ${pct(peerBusyBefore)} %, FinCoach ${pct(oursBusyBefore)} %, speed ${pct(speedBusyBefore)} %${httpBusyBefore === null ? "" : `, HTTP ${pct(httpBusyBefore)} %`}`,
);

const path = await writeResults("ml", {
  machine,
  load: {
    atStart: loadAtStart,
    atEnd: loadAtEnd,
    busyBefore: { peer: peerBusyBefore, fincoach: oursBusyBefore, speed: speedBusyBefore, http: httpBusyBefore },
  },
  data: csv,
  peer: { sklearn: peer.sklearn, numpy: peer.numpy, python: peer.python },
  splits: compared,
  shipped: shipped.map((v) => ({
    quantization: v.quantization,
    bytes: v.bytes,
    ...evaluateSide(holdoutRun.truth, v.predicted, v.confidence),
  })),
  temperature: holdoutRun.model.temperature,
  speed: {
    fincoach: { trainSeconds: full.seconds, artifacts: speeds, breakdown },
    sklearn: speed,
  },
  http,
  verdicts,
  at: new Date().toISOString(),
});
console.log(`results written to ${path}`);
