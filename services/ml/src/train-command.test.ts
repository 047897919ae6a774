import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "@fincoach/categorizer";
import { listModelVersions, readModelArtifact } from "@fincoach/domain";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { DEFAULT_MODEL_DATA } from "./training/ensure-default-model.ts";

const root = join(import.meta.dirname, "../../..");

/** Runs the command as a Kubernetes Job would, collecting stdout, stderr and the exit code. */
const train = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      "sh",
      [join(root, "scripts/node.sh"), join(root, "services/ml/src/train-command.ts"), ...args],
      {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const deadline = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`train still running after 120 s:\n${stderr}`));
    }, 120_000);
    child.once("exit", (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });

describe("the train command", () => {
  let database: TestDatabase;
  let dir: string;
  let csv: string;
  before(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), "fincoach-train-"));
    // A few hundred real rows keep each run to a second or two.
    const lines = (await readFile(DEFAULT_MODEL_DATA, "utf8")).split("\n");
    csv = join(dir, "small.csv");
    await writeFile(csv, `${lines.slice(0, 401).join("\n")}\n`);
  });
  after(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test("trains, stores in PostgreSQL, registers, and the same data gives the same sha256", {
    timeout: 300_000,
  }, async () => {
    const env = { DATABASE_URL: database.url };
    const first = await train(["--data", csv, "--model", "categorizer", "--version", "v2", "--store", "pg"], env);
    assert.equal(first.code, 0, first.stderr);
    const a = JSON.parse(first.stdout);
    assert.match(a.artifact.sha256, /^[0-9a-f]{64}$/);
    assert.equal(a.artifact.uri, `pg://model-artifacts/${a.artifact.sha256}`);
    assert.equal(a.artifact.format, "onnx");
    assert.equal(a.rows, 400);
    assert.equal(a.created, true);
    const bytes = await readModelArtifact({ ctx: { db: database.db }, sha256: a.artifact.sha256 });
    assert.equal(sha256Hex(bytes), a.artifact.sha256);

    const second = await train(["--data", csv, "--model", "categorizer", "--version", "v3", "--store", "pg"], env);
    assert.equal(second.code, 0, second.stderr);
    const b = JSON.parse(second.stdout);
    assert.equal(b.artifact.sha256, a.artifact.sha256, "training is deterministic: same data, same bytes");
    const versions = await listModelVersions({ ctx: { db: database.db }, filter: { model: "categorizer" } });
    assert.deepEqual(versions.map((v) => v.version).sort(), ["v2", "v3"]);

    // A retried Job re-registers the same version as a no-op.
    const again = await train(["--data", csv, "--model", "categorizer", "--version", "v2", "--store", "pg"], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).created, false);
  });

  test("--store file:<dir> writes <sha256>.onnx and registers its file:// URI", { timeout: 300_000 }, async () => {
    const store = join(dir, "artifacts");
    const res = await train(["--data", csv, "--version", "v4", "--store", `file:${store}`], {
      DATABASE_URL: database.url,
    });
    assert.equal(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout);
    const path = fileURLToPath(out.artifact.uri);
    assert.equal(path, join(store, `${out.artifact.sha256}.onnx`));
    assert.equal(sha256Hex(await readFile(path)), out.artifact.sha256);
  });

  test("bad input is one line on stderr and a non-zero exit", { timeout: 300_000 }, async () => {
    const env = { DATABASE_URL: database.url };
    const cases: [string[], RegExp][] = [
      [["--version", "v5"], /^train: --data <csv> is required\n$/],
      [["--data", csv], /^train: --version <name> is required/],
      [["--data", join(dir, "missing.csv"), "--version", "v5"], /^train: cannot read .*missing\.csv\n$/],
      [["--data", csv, "--version", "v5", "--store", "s3"], /^train: --store must be pg or file:<directory>/],
      [
        ["--data", csv, "--version", "v2", "--model", "categorizer"],
        /^train: .*already registered with artifact sha256/,
      ],
    ];
    // v2 exists with the 400-row artifact; the same name over other data is a conflict.
    const other = join(dir, "other.csv");
    const lines = (await readFile(DEFAULT_MODEL_DATA, "utf8")).split("\n");
    await writeFile(other, `${[lines[0], ...lines.slice(500, 800)].join("\n")}\n`);
    cases[4]![0][1] = other;
    for (const [args, expected] of cases) {
      const res = await train(args, env);
      assert.notEqual(res.code, 0, args.join(" "));
      assert.match(res.stderr, expected);
      assert.equal(res.stderr.trimEnd().split("\n").length, 1, res.stderr);
    }
  });
});
