import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

// Records every module the operator's entry graph resolves, in a fresh process.
const RECORDER = `
import { registerHooks } from "node:module";
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
process.on("exit", () => process.stdout.write(JSON.stringify([...seen])));
`;

const OPERATOR_GRAPH = ["./operator.ts", "./env.ts", "@fincoach/config", "@fincoach/logging", "@hono/node-server"];

/** The modules loaded by the operator's graph and by loading credentials from `kubeconfig`, as main.ts does. */
const modulesLoaded = async (kubeconfig: string): Promise<string[]> => {
  const imports = [
    ...OPERATOR_GRAPH.map((m) => `await import(${JSON.stringify(m)});`),
    `const { KubeConnection } = await import("@fincoach/kube");`,
    `(await KubeConnection.fromDefault({ KUBECONFIG: ${JSON.stringify(kubeconfig)} })).close();`,
  ].join("\n");
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
  return urls;
};

const kubeconfig = (user: string) =>
  `clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {${user}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`;

describe("the operator's runtime modules", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "runtime-modules-"));
    await writeFile(join(dir, "token"), kubeconfig("token: abc"));
    await writeFile(
      join(dir, "exec"),
      kubeconfig("exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/true}"),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("do not include @kubernetes/client-node or the OpenTelemetry SDK for a token or certificate kubeconfig", async () => {
    // Each costs the process tens of MiB of RSS; only their types are used (bench/README.md).
    const urls = await modulesLoaded(join(dir, "token"));
    assert.deepEqual(
      urls.filter((u) => u.includes("@kubernetes/client-node") || u.includes("@opentelemetry/sdk-")),
      [],
    );
  });

  it("include @kubernetes/client-node only when the kubeconfig needs it (an exec plugin)", async () => {
    const urls = await modulesLoaded(join(dir, "exec"));
    assert.ok(urls.some((u) => u.includes("@kubernetes/client-node")));
  });
});
