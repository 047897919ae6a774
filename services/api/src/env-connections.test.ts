import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { EnvError, parseEnv } from "@fincoach/config";
import { ApiEnv, toApiConfig } from "./env.ts";

const base = { DATABASE_URL: "postgres://u@127.0.0.1:5432/db", JWT_SECRET: "x".repeat(32) };

test("CONNECTION_KEYS becomes a keyring whose first key seals; absent, connections are off", () => {
  const k1 = randomBytes(32).toString("base64");
  const k2 = randomBytes(32).toString("base64");
  const config = toApiConfig(parseEnv("api", ApiEnv, { ...base, CONNECTION_KEYS: `k2:${k2},k1:${k1}` }));
  assert.equal(config.connections.keyring?.current.id, "k2");
  assert.deepEqual([...(config.connections.keyring?.byId.keys() ?? [])], ["k2", "k1"]);
  assert.equal(toApiConfig(parseEnv("api", ApiEnv, base)).connections.keyring, undefined);
});

test("a bad CONNECTION_KEYS stops the API naming the key and the fault, never the key material", () => {
  const short = randomBytes(20).toString("base64");
  assert.throws(
    () => parseEnv("api", ApiEnv, { ...base, CONNECTION_KEYS: `main:${short}` }),
    (e: unknown) => {
      assert.ok(e instanceof EnvError);
      assert.deepEqual(e.issues, [
        { key: "CONNECTION_KEYS", message: 'key 1 ("main"): must be 32 bytes in base64 (openssl rand -base64 32)' },
      ]);
      assert.ok(!e.message.includes(short));
      return true;
    },
  );
});
