import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { OPERATOR_RUNTIME_ENV } from "./runtime-env.ts";

test("the image's ENV is the runtime environment the benchmark measures", () => {
  const dockerfile = readFileSync(join(import.meta.dirname, "Dockerfile"), "utf8");
  for (const [key, value] of Object.entries(OPERATOR_RUNTIME_ENV)) {
    const quoted = value.includes(" ") ? `"${value}"` : value;
    assert.ok(dockerfile.includes(`${key}=${quoted}`), `operator/Dockerfile sets ${key}=${quoted}`);
  }
});
