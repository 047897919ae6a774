import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
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
