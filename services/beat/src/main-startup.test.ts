import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  freePort,
  TEST_REDIS_URL,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";

const MAIN = join(import.meta.dirname, "main.ts");
let database: TestDatabase;
let testRedis: TestRedis;

before(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), createTestRedis()]);
});
after(async () => {
  await testRedis.cleanup();
  await database.drop();
});

test("main (local source) serves /healthz, /readyz and /metrics with the default schedule, and exits 0 on SIGTERM", async () => {
  const port = await freePort();
  const { KUBERNETES_SERVICE_HOST: _k, ...env } = process.env;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...env,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: testRedis.prefix,
      METRICS_PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    await eventually(async () => assert.equal((await get("/readyz")).status, 200), 30_000);
    assert.equal((await get("/healthz")).status, 200);
    await eventually(async () => {
      const metrics = await (await get("/metrics")).text();
      assert.match(
        metrics,
        /fincoach_beat_next_schedule_time_seconds\{namespace="local",schedule="default"[^}]*\} \d+/,
      );
      assert.match(metrics, /fincoach_beat_jobs_queued\{namespace="local",schedule="default"[^}]*\} 0/);
    }, 30_000);
    assert.equal((await get("/nope")).status, 404);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n--- beat output ---\n${output}`);
  }
  child.kill("SIGTERM");
  assert.equal(await exited, 0, output);
});
