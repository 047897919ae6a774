import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEnv } from "@fincoach/config";
import { refusedAddressReason } from "@fincoach/domain/notifications";
import { assertOneKeyRefused, runServiceMain } from "@fincoach/testing";
import { ApiEnv, toApiConfig } from "./env.ts";

const base = { DATABASE_URL: "postgres://u@127.0.0.1:5432/db", JWT_SECRET: "x".repeat(32) };

test("webhook URLs: public addresses only by default; WEBHOOK_* keys widen the policy the routes get", () => {
  const strict = toApiConfig(parseEnv("api", ApiEnv, base)).webhooks.policy;
  assert.deepEqual(strict, { allowPrivate: false, allowedCidrs: [] });
  assert.match(refusedAddressReason("10.1.2.3", strict) ?? "", /private/);
  const widened = toApiConfig(parseEnv("api", ApiEnv, { ...base, WEBHOOK_ALLOWED_CIDRS: "10.1.0.0/16, fd12::/16" }))
    .webhooks.policy;
  assert.equal(refusedAddressReason("10.1.2.3", widened), null);
  assert.match(refusedAddressReason("10.2.0.1", widened) ?? "", /private/);
  assert.equal(
    toApiConfig(parseEnv("api", ApiEnv, { ...base, WEBHOOK_ALLOW_PRIVATE: "true" })).webhooks.policy.allowPrivate,
    true,
  );
});

test("a bad WEBHOOK_ALLOWED_CIDRS or WEBHOOK_ALLOW_PRIVATE stops the API with one line naming the key", () => {
  for (const [key, value] of [
    ["WEBHOOK_ALLOWED_CIDRS", "10.0.0.0/8,10.1.0.0"],
    ["WEBHOOK_ALLOW_PRIVATE", "yes"],
  ] as const)
    assertOneKeyRefused(() => parseEnv("api", ApiEnv, { ...base, [key]: value }), key);
});

test("main.ts with a bad WEBHOOK_ALLOWED_CIDRS exits 1 before connecting, the bad key on the line after the heading", {
  timeout: 90_000,
}, async () => {
  const { code, stderr } = await runServiceMain("services/api/src/main.ts", {
    // Nothing listens on port 9: had the environment passed, the process would name the database instead.
    DATABASE_URL: "postgres://u@127.0.0.1:9/db",
    JWT_SECRET: "x".repeat(32),
    WEBHOOK_ALLOWED_CIDRS: "10.0.0.0/8,fd00::",
  });
  assert.equal(code, 1);
  assert.equal(
    stderr,
    'api: invalid environment\n  WEBHOOK_ALLOWED_CIDRS: "fd00::" is not a CIDR range such as 10.0.0.0/8\n',
  );
});
