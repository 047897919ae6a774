import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  freePort,
  TEST_REDIS_URL,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import { item, registerPg, tinyArtifact } from "./test-support/ml-harness.ts";

const root = join(import.meta.dirname, "../../..");

const startMain = (env: Record<string, string>) => {
  const child = spawn("sh", [join(root, "scripts/node.sh"), join(root, "services/ml/src/main.ts")], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout?.on("data", (d) => (out.stdout += d));
  child.stderr?.on("data", (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, out, exited };
};

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no end in ${ms} ms`)), ms)),
  ]);

test("a bad environment stops the ML service with one line per bad key", { timeout: 60_000 }, async () => {
  const { exited, out } = startMain({
    DATABASE_URL: "postgres://127.0.0.1:1/x",
    MODEL_NAME: "categorizer",
    SHADOW_VERSIONS: "v3",
  });
  assert.notEqual(await within(exited, 50_000, "main"), 0);
  assert.match(
    out.stderr,
    /MODEL_NAME: MODEL_NAME, MODEL_VERSION, MODEL_ARTIFACT_URI and MODEL_ARTIFACT_SHA256 go together/,
  );
  assert.match(out.stderr, /SHADOW_VERSIONS.*must be model\/version/);
});

describe("the ML service process", () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let proc: ReturnType<typeof startMain> & { child: ChildProcess };
  let base: string;

  before(async () => {
    database = await createTestDatabase();
    redis = await createTestRedis();
    await registerPg(database.db, "categorizer", "v1", await tinyArtifact(0));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = startMain({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redis.prefix,
      PORT: String(port),
      HOST: "127.0.0.1",
    });
  });
  after(async () => {
    proc.child.kill("SIGKILL");
    await database.drop();
    await redis.cleanup();
  });

  test("serves the registered version over HTTP with /metrics on the same port, and stops on SIGTERM", {
    timeout: 120_000,
  }, async () => {
    await eventually(
      async () => {
        const res = await fetch(`${base}/readyz`);
        assert.equal(res.status, 200, proc.out.stdout + proc.out.stderr);
      },
      60_000,
      200,
    );
    const res = await fetch(`${base}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: randomUUID(), items: [item("shell kings 587", "-72.61")] }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { scores: { version: string }[] };
    assert.equal(body.scores[0]?.version, "v1");
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /fincoach_ml_predictions_total\{model="categorizer",version="v1",service="ml"\} 1/);
    proc.child.kill("SIGTERM");
    assert.equal(await within(proc.exited, 15_000, "shutdown"), 0, proc.out.stderr);
    assert.match(proc.out.stdout, /"msg":"ml listening"/);
  });
});
