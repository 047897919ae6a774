import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { HEAP_PERCENT_OF_MEMORY, OPERATOR_RUNTIME_ENV } from "./runtime-env.ts";

test("the image's ENV is the runtime environment the benchmark measures", () => {
  const dockerfile = readFileSync(join(import.meta.dirname, "Dockerfile"), "utf8");
  for (const [key, value] of Object.entries(OPERATOR_RUNTIME_ENV)) {
    const quoted = value.includes(" ") ? `"${value}"` : value;
    assert.ok(dockerfile.includes(`${key}=${quoted}`), `operator/Dockerfile sets ${key}=${quoted}`);
  }
});

const MIB = 2 ** 20;
const PROBE = `const v8 = require("node:v8"), os = require("node:os");
process.stdout.write(JSON.stringify({
  heapLimit: v8.getHeapStatistics().heap_size_limit,
  memory: Math.min(process.constrainedMemory() || Infinity, os.totalmem()),
}));`;

test("the heap cap is a share of the memory the process may use, not a fixed 128 MiB", async () => {
  assert.doesNotMatch(OPERATOR_RUNTIME_ENV.NODE_OPTIONS, /--max-old-space-size=/);
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", PROBE], {
    env: { ...process.env, NODE_OPTIONS: OPERATOR_RUNTIME_ENV.NODE_OPTIONS },
  });
  const { heapLimit, memory } = JSON.parse(stdout) as { heapLimit: number; memory: number };
  // The limit is the old generation plus the young one (3 x 1 MiB semi-spaces) and a little.
  const expectedMiB = ((memory / MIB) * HEAP_PERCENT_OF_MEMORY) / 100;
  assert.ok(
    Math.abs(heapLimit / MIB - expectedMiB) < 16,
    `heap limit ${Math.round(heapLimit / MIB)} MiB, expected ~${Math.round(expectedMiB)} MiB`,
  );
});
