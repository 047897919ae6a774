import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { KubeConnection } from "./kube-connection.ts";

describe("KubeConnection", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "kube-connection-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("in a pod, uses the ServiceAccount's namespace and re-reads its rotating token every minute", async () => {
    await writeFile(join(dir, "namespace"), "fincoach-system\n");
    await writeFile(join(dir, "token"), "first\n");
    const c = KubeConnection.inCluster({ KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" }, dir);
    assert.equal(c.server.href, "https://10.96.0.1/");
    assert.equal(c.namespace, "fincoach-system");
    assert.equal(c.authorization(0), "Bearer first");
    await writeFile(join(dir, "token"), "rotated\n");
    assert.equal(c.authorization(59_000), "Bearer first");
    assert.equal(c.authorization(60_000), "Bearer rotated");
  });

  it("takes KUBECONFIG first, and says what is missing when there is nothing", async () => {
    const path = join(dir, "config");
    await writeFile(
      path,
      "clusters: [{name: c, cluster: {server: 'http://127.0.0.1:1'}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n",
    );
    assert.equal(KubeConnection.fromDefault({ KUBECONFIG: `${path}:/elsewhere` }).server.host, "127.0.0.1:1");
    assert.throws(
      () => KubeConnection.fromDefault({ KUBECONFIG: join(dir, "missing") }),
      /kubeconfig .*missing: ENOENT/,
    );
    assert.throws(() => KubeConnection.inCluster({}), /KUBERNETES_SERVICE_HOST is not set/);
  });

  it("keeps one connection pool, renewed after ten minutes", () => {
    const c = new KubeConnection({ server: "https://127.0.0.1:6443", namespace: "default", source: "test" });
    const first = c.agent(0);
    assert.equal(c.agent(599_999), first);
    assert.notEqual(c.agent(600_000), first);
    c.close();
  });
});
