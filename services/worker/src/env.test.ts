import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { test } from "node:test";
import { EnvError, parseEnv } from "@fincoach/config";
import { WorkerEnv } from "./env.ts";

const base = {
  DATABASE_URL: "postgres://u@127.0.0.1:5432/db",
  CONNECTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
};

test("webhook and e-mail keys: public addresses only and no e-mail by default", () => {
  const env = parseEnv("worker", WorkerEnv, base);
  assert.equal(env.WEBHOOK_ALLOW_PRIVATE, false);
  assert.deepEqual(env.WEBHOOK_ALLOWED_CIDRS, []);
  assert.equal(env.SMTP_URL, undefined);
  assert.equal(env.SMTP_FROM, "FinCoach <notifications@localhost>");
  const set = parseEnv("worker", WorkerEnv, {
    ...base,
    WEBHOOK_ALLOWED_CIDRS: "10.1.0.0/16",
    SMTP_URL: "smtp://mail.example.com:587",
    SMTP_FROM: "Budget <b@example.com>",
  });
  assert.deepEqual(
    set.WEBHOOK_ALLOWED_CIDRS.map(([ip, bits]) => `${ip.toString()}/${bits}`),
    ["10.1.0.0/16"],
  );
  assert.equal(set.SMTP_URL, "smtp://mail.example.com:587");
});

test("a bad WEBHOOK_ALLOWED_CIDRS or SMTP_URL stops the worker with one line naming the key", () => {
  for (const [key, value] of [
    ["WEBHOOK_ALLOWED_CIDRS", "not-a-range"],
    ["SMTP_URL", "not a url"],
  ] as const)
    assert.throws(
      () => parseEnv("worker", WorkerEnv, { ...base, [key]: value }),
      (e: unknown) => {
        assert.ok(e instanceof EnvError);
        assert.deepEqual(
          e.issues.map((i) => i.key),
          [key],
        );
        assert.equal(e.message.split("\n").length, 2, "the heading and one line");
        assert.match(e.message.split("\n")[1]!, new RegExp(`^  ${key}: `));
        return true;
      },
    );
});

test("main.ts with a bad WEBHOOK_ALLOWED_CIDRS exits 1 before connecting, the bad key on the line after the heading", {
  timeout: 90_000,
}, async () => {
  const root = join(import.meta.dirname, "../../..");
  // Nothing listens on port 9: had the environment passed, the process would name the database instead.
  const child = spawn("sh", [join(root, "scripts/node.sh"), join(root, "services/worker/src/main.ts")], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: "postgres://u@127.0.0.1:9/db",
      CONNECTION_KEYS: base.CONNECTION_KEYS,
      WEBHOOK_ALLOWED_CIDRS: "10.0.0.0/8,fd00::",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  // Should it hang, it is killed rather than left behind, and the exit code below says so.
  const deadline = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(deadline);
  assert.equal(code, 1);
  assert.equal(
    stderr,
    'worker: invalid environment\n  WEBHOOK_ALLOWED_CIDRS: "fd00::" is not a CIDR range such as 10.0.0.0/8\n',
  );
});
