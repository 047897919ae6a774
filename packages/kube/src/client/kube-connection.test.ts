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
    assert.equal((await KubeConnection.fromDefault({ KUBECONFIG: `${path}:` })).server.host, "127.0.0.1:1");
    await assert.rejects(
      KubeConnection.fromDefault({ KUBECONFIG: join(dir, "missing") }),
      /kubeconfig .*missing: ENOENT/,
    );
    assert.throws(() => KubeConnection.inCluster({}), /KUBERNETES_SERVICE_HOST is not set/);
  });

  it("refuses basic auth instead of connecting anonymously, and sends fromFile's exec users to fromDefault", async () => {
    const user = (fields: string) =>
      `clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {${fields}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`;
    const basic = join(dir, "basic");
    await writeFile(basic, user("username: admin, password: hunter2"));
    await assert.rejects(KubeConnection.fromDefault({ KUBECONFIG: basic }), /user "u": basic auth/);
    const exec = join(dir, "exec");
    await writeFile(exec, user("exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/true}"));
    assert.throws(() => KubeConnection.fromFile(exec), /user "u" has an exec plugin: load it with fromDefault/);
  });

  it("stays lean under HTTPS_PROXY when NO_PROXY exempts the server", async () => {
    const path = join(dir, "proxied");
    await writeFile(
      path,
      "clusters: [{name: c, cluster: {server: 'https://10.1.2.3:6443'}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n",
    );
    const c = await KubeConnection.fromDefault({
      KUBECONFIG: path,
      HTTPS_PROXY: "http://proxy:3128",
      NO_PROXY: "10.0.0.0/8",
    });
    assert.doesNotMatch(c.settings.source, /client-node/);
    const proxied = await KubeConnection.fromDefault({ KUBECONFIG: path, HTTPS_PROXY: "http://proxy:3128" });
    assert.match(proxied.settings.source, /client-node: HTTPS_PROXY/);
    proxied.close();
  });

  it("keeps one connection pool, renewed after ten minutes", () => {
    const c = new KubeConnection({ server: "https://127.0.0.1:6443", namespace: "default", source: "test" });
    const first = c.agent(0);
    assert.equal(c.agent(599_999), first);
    assert.notEqual(c.agent(600_000), first);
    c.close();
  });
});
