import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { buildOperator } from "./build.ts";

const run = (file: string, env: Record<string, string>) =>
  promisify(execFile)(process.execPath, [file], { env: { PATH: process.env.PATH ?? "", ...env } }).then(
    () => ({ code: 0, stderr: "" }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

describe("the operator bundle (what the image runs)", () => {
  let dir: string;
  let bundle: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "operator-bundle-"));
    bundle = join(dir, "operator.mjs");
    await buildOperator(bundle);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("is one self-contained module: it starts with no node_modules beside it", async () => {
    assert.ok((await stat(bundle)).size > 100_000);
    // It gets as far as loading credentials, so its whole module graph loaded.
    const r = await run(bundle, { KUBECONFIG: join(dir, "missing-kubeconfig") });
    assert.equal(r.code, 1);
    assert.match(r.stderr.trim(), /^operator: kubeconfig .*missing-kubeconfig: ENOENT/);
  });

  it("leaves client-node out: a kubeconfig that needs it is refused in one line naming why", async () => {
    assert.doesNotMatch(await readFile(bundle, "utf8"), /kubernetes-client-javascript/);
    const kubeconfig = join(dir, "exec-kubeconfig");
    await writeFile(
      kubeconfig,
      "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {exec: {command: /bin/true}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n",
    );
    const r = await run(bundle, { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr.trim(),
      /^operator: this kubeconfig needs @kubernetes\/client-node \(user "u" has an exec plugin\)/,
    );
  });

  it("reports a bad environment in one line per key and exits 1", async () => {
    const r = await run(bundle, { WORKERS: "many" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /WORKERS/);
  });
});
