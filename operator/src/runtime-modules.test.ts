import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";

// Records every module the operator's entry graph resolves, in a fresh process.
const RECORDER = `
import { registerHooks } from "node:module";
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
process.on("exit", () => process.stdout.write(JSON.stringify([...seen])));
`;

const OPERATOR_GRAPH = ["./operator.ts", "./env.ts", "@fincoach/config", "@fincoach/logging", "@hono/node-server"];

test("the operator's runtime does not load @kubernetes/client-node or the OpenTelemetry SDK", async () => {
  // Each costs the process tens of MiB of RSS; only their types are used (bench/README.md).
  const imports = OPERATOR_GRAPH.map((m) => `await import(${JSON.stringify(m)});`).join("\n");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(RECORDER)}`, "--input-type=module", "-e", imports],
    { cwd: import.meta.dirname, maxBuffer: 16 << 20 },
  );
  const urls = JSON.parse(stdout) as string[];
  assert.ok(
    urls.some((u) => u.includes("/packages/kube/src/")),
    "the recorder saw the operator's own graph",
  );
  assert.deepEqual(
    urls.filter((u) => u.includes("@kubernetes/client-node") || u.includes("@opentelemetry/sdk-")),
    [],
  );
});
