import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { parseEnv } from "@fincoach/config";
import { assertOneKeyRefused, runServiceMain } from "@fincoach/testing";
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
    assertOneKeyRefused(() => parseEnv("worker", WorkerEnv, { ...base, [key]: value }), key);
});

test("main.ts with a bad WEBHOOK_ALLOWED_CIDRS exits 1 before connecting, the bad key on the line after the heading", {
  timeout: 90_000,
}, async () => {
  const { code, stderr } = await runServiceMain("services/worker/src/main.ts", {
    // Nothing listens on port 9: had the environment passed, the process would name the database instead.
    DATABASE_URL: "postgres://u@127.0.0.1:9/db",
    CONNECTION_KEYS: base.CONNECTION_KEYS,
    WEBHOOK_ALLOWED_CIDRS: "10.0.0.0/8,fd00::",
  });
  assert.equal(code, 1);
  assert.equal(
    stderr,
    'worker: invalid environment\n  WEBHOOK_ALLOWED_CIDRS: "fd00::" is not a CIDR range such as 10.0.0.0/8\n',
  );
});
