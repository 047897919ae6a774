import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const CLI = join(import.meta.dirname, "cli.ts");
const dir = await mkdtemp(join(tmpdir(), "categorizer-cli-"));
after(() => rm(dir, { recursive: true, force: true }));

type Run = { code: number; stdout: string; stderr: string };
/** Runs the command line as `npm run ml` does, with a deadline. */
const ml = (...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });

/** Exits with `code` and says one line on stderr matching `message`. */
const fails = (run: Run, code: number, message: RegExp) => {
  assert.equal(run.code, code, run.stderr);
  assert.equal(run.stderr.split("\n").filter(Boolean).length, 1, run.stderr);
  assert.match(run.stderr, message);
};

const file = async (name: string, text: string) => {
  await writeFile(join(dir, name), text);
  return join(dir, name);
};
const header = "date,description,amount,currency,category,extra\n";
const lines = [
  "2017-01-03,shell kings 587,72.61,GBP,Fuel,x",
  "2017-01-04,tesco stores 2231,12.40,GBP,Food,x",
  "2017-01-05,shell fiveways,40,GBP,Fuel,x",
  "2017-01-06,aldi stores,-3.50,GBP,Food,x",
  "2017-01-07,travelodge,89.00,GBP,,x",
];
const data = await file("data.csv", header + lines.join("\n"));
const model = join(dir, "model");

test("train, predict and eval work end to end", async () => {
  const trained = await ml("train", "--data", data, "--out", model, "--seed", "3");
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /trained on 4 rows \(1 without a category skipped\), 2 categories/);
  const out = join(dir, "out.csv");
  const predicted = await ml("predict", "--model", model, "--data", data, "--out", out);
  assert.equal(predicted.code, 0, predicted.stderr);
  const rows = (await readFile(out, "utf8")).trim().split("\n");
  assert.equal(rows[0], "category,confidence");
  assert.equal(rows.length, lines.length + 1); // one per input row, the unlabelled one included
  assert.match(rows[1]!, /^Fuel,0\.\d{6}$/);
  const evaluated = await ml("eval", "--model", model, "--data", data);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  assert.match(
    evaluated.stdout,
    /^rows: 4 \(1 without a category not scored\)\naccuracy: 1\.0000\nmacro-F1: 1\.0000\n/,
  );
  assert.match(
    evaluated.stdout,
    /most confident 80 %: \d\.\d{4}\naccuracy of the most confident 50 %: \d\.\d{4}\nexpected calibration error \(15 bins\): \d\.\d{4}\n$/,
  );
  const manifest = JSON.parse(await readFile(join(model, "model.json"), "utf8"));
  assert.equal(typeof manifest.training.seconds, "number");
  assert.match(manifest.checksums["model.int8.onnx"], /^[0-9a-f]{64}$/);
});

test("predict and eval serve either ONNX file with --quantization, as the reference does", async () => {
  const reference = await readFile(join(dir, "out.csv"), "utf8");
  for (const quantization of ["fp32", "int8"]) {
    const out = join(dir, `out-${quantization}.csv`);
    const predicted = await ml(
      "predict",
      "--model",
      model,
      "--data",
      data,
      "--out",
      out,
      "--quantization",
      quantization,
    );
    assert.equal(predicted.code, 0, predicted.stderr);
    const rows = (await readFile(out, "utf8")).trim().split("\n");
    assert.deepEqual(
      rows.map((r) => r.split(",")[0]),
      reference
        .trim()
        .split("\n")
        .map((r) => r.split(",")[0]),
    );
    const evaluated = await ml("eval", "--model", model, "--data", data, "--quantization", quantization);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout, /accuracy: 1\.0000\n/);
  }
  fails(
    await ml("eval", "--model", model, "--data", data, "--quantization", "int4"),
    2,
    /--quantization must be fp32 or int8, not "int4"/,
  );
});

test("bad input: one clear line on stderr and a non-zero exit", async () => {
  const noCategory = await file("no-category.csv", "date,description,amount,currency\n2017-01-03,shell,1,GBP\n");
  fails(
    await ml("train", "--data", noCategory, "--out", join(dir, "m2")),
    1,
    /^ml: .*no-category\.csv: missing column\(s\) category/,
  );
  fails(
    await ml("train", "--data", join(dir, "absent.csv"), "--out", join(dir, "m3")),
    1,
    /^ml: cannot read .*absent\.csv \(ENOENT\)/,
  );
  const badAmount = await file(
    "bad-amount.csv",
    `${header}2017-01-03,shell,12,GBP,Fuel,x\n2017-01-04,tesco,twelve,GBP,Food,x\n`,
  );
  fails(
    await ml("train", "--data", badAmount, "--out", join(dir, "m4")),
    1,
    /^ml: .*bad-amount\.csv line 3 \/ amount: "twelve" is not a decimal number/,
  );
  fails(
    await ml("eval", "--model", join(dir, "no-model"), "--data", data),
    1,
    /^ml: .*no-model is not a model directory/,
  );
  fails(await ml("predict", "--model", model, "--data", data), 2, /^ml: --out is required \(usage: /);
  fails(await ml("fit", "--data", data), 2, /^ml: unknown command "fit"/);
  fails(await ml("train", "--data", data, "--out", model, "--seed", "1.5"), 2, /--seed must be an integer/);
});

test("a model with corrupt weights is refused", async () => {
  const weights = join(model, "weights.bin");
  const bytes = await readFile(weights);
  bytes[0]! ^= 0xff;
  await writeFile(weights, bytes);
  fails(
    await ml("predict", "--model", model, "--data", data, "--out", join(dir, "x.csv")),
    1,
    /^ml: .*weights\.bin: sha256 .* does not match/,
  );
});

test("a corrupt model.int8.onnx is refused when asked for", async () => {
  const file = join(model, "model.int8.onnx");
  const bytes = await readFile(file);
  bytes[bytes.length - 1]! ^= 0xff;
  await writeFile(file, bytes);
  fails(
    await ml("eval", "--model", model, "--data", data, "--quantization", "int8"),
    1,
    /^ml: .*model\.int8\.onnx: sha256 .* does not match/,
  );
});
