import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { after, before, describe, it } from "node:test";
import {
  type ControlPlane,
  startControlPlane,
  tokenAuthFlag,
  writeExecPlugin,
  writeKubeconfigDocument,
} from "@fincoach/testing";
import { KubeConnection, KubeHttp, startInformer } from "../src/index.ts";

type SelfSubjectReview = { status: { userInfo: { username: string } } };

/** Who the apiserver says the connection is (any authenticated user may ask). */
const whoAmI = async (connection: KubeConnection): Promise<string> => {
  const review = await new KubeHttp(connection).request<SelfSubjectReview>(
    "POST",
    "/apis/authentication.k8s.io/v1/selfsubjectreviews",
    { body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } },
  );
  return review.status.userInfo.username;
};

describe("credentials a real user's kubeconfig has, against a real apiserver", { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let dir: string;
  let cluster: { name: string; cluster: Record<string, string> };
  const connections: KubeConnection[] = [];
  const load = async (env: NodeJS.ProcessEnv) => {
    const c = await KubeConnection.fromDefault(env);
    connections.push(c);
    return c;
  };
  const certUser = async (user: string) => {
    const u = (await cp.userKubeConfig(user)).kubeConfig.getCurrentUser();
    return { "client-certificate-data": u?.certData ?? "", "client-key-data": u?.keyData ?? "" };
  };
  const kubeconfig = (file: string, user: Record<string, unknown>, namespace = "default") =>
    writeKubeconfigDocument(join(dir, file), {
      apiVersion: "v1",
      kind: "Config",
      clusters: [cluster],
      users: [{ name: "u", user }],
      contexts: [{ name: "test", context: { cluster: "test", user: "u", namespace } }],
      "current-context": "test",
    });
  const apply = async (objects: object[]) => {
    const r = await cp.kubectl(["apply", "-f", "-"], {
      input: JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }),
    });
    assert.equal(r.code, 0, r.stderr);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "kube-credentials-"));
    cp = await startControlPlane({
      startTimeoutMs: 120_000,
      apiserverFlags: [await tokenAuthFlag(dir, [{ token: "exec-token-1", user: "exec-user" }])],
    });
    const ca = cp.kubeConfig.getCurrentCluster()?.caData ?? "";
    cluster = { name: "test", cluster: { server: cp.server, "certificate-authority-data": ca } };
  });
  after(async () => {
    for (const c of connections) c.close();
    await cp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("an exec plugin's ExecCredential authenticates requests and watches; the plugin runs once while its token lasts", async () => {
    const plugin = await writeExecPlugin(dir, "exec", "exec-token-1");
    const path = await kubeconfig("exec.kubeconfig", {
      exec: { apiVersion: "client.authentication.k8s.io/v1", command: plugin.command, interactiveMode: "Never" },
    });
    await apply([
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "read-namespaces" },
        rules: [{ apiGroups: [""], resources: ["namespaces"], verbs: ["list", "watch"] }],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "exec-user-reads-namespaces" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "read-namespaces" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "exec-user" }],
      },
    ]);
    const connection = await load({ KUBECONFIG: path });
    assert.match(connection.settings.source, /client-node: user "u" has an exec plugin/);
    assert.equal(await whoAmI(connection), "exec-user");
    const informer = await startInformer({ connection, apiVersion: "v1", plural: "namespaces", syncTimeoutMs: 60_000 });
    assert.ok(informer.get("default"), "the list, as the exec plugin's user, filled the cache");
    await informer.stop();
    assert.equal((await readFile(plugin.calls, "utf8")).trim().split("\n").length, 1);
  });

  it("KUBECONFIG with two files merges them as kubectl does: the first to name a thing wins", async () => {
    const first = await writeKubeconfigDocument(join(dir, "first.kubeconfig"), {
      clusters: [cluster],
      contexts: [{ name: "merged", context: { cluster: "test", user: "merged-user", namespace: "team" } }],
      "current-context": "merged",
    });
    const second = await writeKubeconfigDocument(join(dir, "second.kubeconfig"), {
      clusters: [{ name: "test", cluster: { server: "https://127.0.0.1:1" } }],
      users: [{ name: "merged-user", user: await certUser("merged-user") }],
      contexts: [{ name: "merged", context: { cluster: "test", user: "nobody" } }],
      "current-context": "elsewhere",
    });
    const connection = await load({ KUBECONFIG: `${first}:${second}` });
    assert.match(connection.settings.source, /client-node: KUBECONFIG lists 2 files/);
    assert.equal(connection.namespace, "team");
    assert.equal(connection.server.origin, new URL(cp.server).origin);
    assert.equal(await whoAmI(connection), "merged-user");
  });

  it("impersonation (as) acts as the impersonated user where RBAC allows it, and is refused where not", async () => {
    await apply([
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "impersonate-jane" },
        rules: [{ apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["jane"] }],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "deployer-impersonates-jane" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "impersonate-jane" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "deployer" }],
      },
    ]);
    const deployer = await certUser("deployer");
    const asJane = await load({ KUBECONFIG: await kubeconfig("as-jane.kubeconfig", { ...deployer, as: "jane" }) });
    assert.match(asJane.settings.source, /client-node: user "u" impersonates "jane"/);
    assert.equal(await whoAmI(asJane), "jane");
    const asRoot = await load({ KUBECONFIG: await kubeconfig("as-root.kubeconfig", { ...deployer, as: "root" }) });
    await assert.rejects(whoAmI(asRoot), { code: 403 });
  });

  describe("through a proxy", () => {
    let proxy: Server;
    const tunnels: string[] = [];
    // Tunnelled sockets leave the server's bookkeeping: closed here, or close() would wait.
    const open = new Set<Duplex>();
    before(async () => {
      // A CONNECT proxy, as a corporate one would tunnel TLS to the apiserver.
      proxy = createServer((_req, res) => res.writeHead(405).end());
      proxy.on("connect", (req, socket, head) => {
        tunnels.push(req.url ?? "");
        open.add(socket);
        const [host = "", port = ""] = (req.url ?? "").split(":");
        const upstream = connect(Number(port), host, () => {
          socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          upstream.write(head);
          upstream.pipe(socket);
          socket.pipe(upstream);
        });
        upstream.on("error", () => socket.destroy());
        socket.on("error", () => upstream.destroy());
      });
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    });
    after(async () => {
      for (const socket of open) socket.destroy();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    });

    it("HTTPS_PROXY tunnels requests unless NO_PROXY exempts the server; proxy-url in the kubeconfig too", async () => {
      const { port } = proxy.address() as { port: number };
      const proxyUrl = `http://127.0.0.1:${port}`;
      const admin = await certUser("proxied-admin");
      const path = await kubeconfig("proxied.kubeconfig", admin);
      const target = new URL(cp.server).host;

      const exempt = await load({ KUBECONFIG: path, HTTPS_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" });
      assert.equal(await whoAmI(exempt), "proxied-admin");
      assert.deepEqual(tunnels, [], "NO_PROXY: straight to the apiserver");

      const viaEnv = await load({ KUBECONFIG: path, HTTPS_PROXY: proxyUrl });
      assert.equal(await whoAmI(viaEnv), "proxied-admin");
      assert.deepEqual(tunnels, [target]);

      const withProxyUrl = await writeKubeconfigDocument(join(dir, "proxy-url.kubeconfig"), {
        clusters: [{ name: "test", cluster: { ...cluster.cluster, "proxy-url": proxyUrl } }],
        users: [{ name: "u", user: admin }],
        contexts: [{ name: "test", context: { cluster: "test", user: "u" } }],
        "current-context": "test",
      });
      const viaKubeconfig = await load({ KUBECONFIG: withProxyUrl });
      assert.equal(await whoAmI(viaKubeconfig), "proxied-admin");
      assert.deepEqual(tunnels, [target, target]);
    });
  });
});
