import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { EnvError, parseEnv } from "@fincoach/config";
import { refusedAddressReason } from "@fincoach/domain/notifications";
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
    assert.throws(
      () => parseEnv("api", ApiEnv, { ...base, [key]: value }),
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
  const child = spawn("sh", [join(root, "scripts/node.sh"), join(root, "services/api/src/main.ts")], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: "postgres://u@127.0.0.1:9/db",
      JWT_SECRET: "x".repeat(32),
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
    'api: invalid environment\n  WEBHOOK_ALLOWED_CIDRS: "fd00::" is not a CIDR range such as 10.0.0.0/8\n',
  );
});
