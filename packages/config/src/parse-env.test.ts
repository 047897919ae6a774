import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { CommonEnv } from "./common-env.ts";
import { EnvError, parseEnv } from "./parse-env.ts";

const Schema = z.object({
  DATABASE_URL: CommonEnv.DATABASE_URL,
  PORT: CommonEnv.PORT,
  JWT_SECRET: z.string().min(32),
});

test("parses and coerces a good environment", () => {
  const env = parseEnv("api", Schema, {
    DATABASE_URL: "postgres://u@h/db",
    PORT: "9000",
    JWT_SECRET: "x".repeat(32),
  });
  assert.equal(env.PORT, 9000);
});

test("reports every bad key at once", () => {
  assert.throws(
    () => parseEnv("api", Schema, { DATABASE_URL: "mysql://h", PORT: "nope" }),
    (e: unknown) => {
      assert.ok(e instanceof EnvError);
      assert.deepEqual(e.issues.map((i) => i.key).sort(), ["DATABASE_URL", "JWT_SECRET", "PORT"]);
      assert.match(e.message, /^api: invalid environment/);
      return true;
    },
  );
});
