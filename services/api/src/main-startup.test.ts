import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { freePort as closedPort, TEST_ADMIN_URL, TEST_REDIS_URL } from "@fincoach/testing";

const root = join(import.meta.dirname, "../../..");

/**
 * Runs the API process as its Dockerfile does and collects what it prints until it exits.
 * The ports are never bound: the process stops before it listens.
 */
const runMain = (env: Record<string, string>) =>
  new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn("sh", [join(root, "scripts/node.sh"), join(root, "services/api/src/main.ts")], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "18080", METRICS_PORT: "19464", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += d));
    const deadline = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`main.ts still running after 60 s:\n${stderr}`));
    }, 60_000);
    child.once("exit", (code) => {
      clearTimeout(deadline);
      resolve({ code, stderr });
    });
  });

const JWT_SECRET = "test-secret-test-secret-test-secret!";

test("the API with a closed DATABASE_URL port exits non-zero with one line naming host:port and 'refused'", {
  timeout: 90_000,
}, async () => {
  const port = await closedPort();
  const { code, stderr } = await runMain({
    DATABASE_URL: `postgres://fincoach:s3cret-pw@127.0.0.1:${port}/fincoach`,
    REDIS_URL: TEST_REDIS_URL,
    JWT_SECRET,
  });
  assert.notEqual(code, 0);
  assert.equal(stderr, `api: cannot start: PostgreSQL at 127.0.0.1:${port}: connection refused\n`);
});

test("the API with an unreachable Redis and an unknown database user names both", { timeout: 90_000 }, async () => {
  const port = await closedPort();
  const db = new URL(TEST_ADMIN_URL);
  db.username = "nosuchuser";
  db.password = "s3cret-pw";
  const { code, stderr } = await runMain({
    DATABASE_URL: db.toString(),
    REDIS_URL: `redis://127.0.0.1:${port}`,
    JWT_SECRET,
  });
  assert.notEqual(code, 0);
  const lines = stderr.trimEnd().split("\n");
  assert.equal(lines.length, 2, stderr);
  assert.match(
    lines[0] ?? "",
    /^api: cannot start: PostgreSQL at [^ ]+:\d+: authentication failed for user "nosuchuser"/,
  );
  assert.equal(lines[1], `api: cannot start: Redis at 127.0.0.1:${port}: connection refused`);
  assert.ok(!stderr.includes("s3cret-pw"));
});
