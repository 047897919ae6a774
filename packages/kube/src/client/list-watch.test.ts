import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { KubernetesListObject, KubernetesObject } from "../types.ts";
import { KubeConnection } from "./kube-connection.ts";
import { KubeHttp } from "./kube-http.ts";
import { ListWatch } from "./list-watch.ts";

const PATH = "/api/v1/namespaces/ns/configmaps";
const cm = (name: string, rv: string): KubernetesObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "ns", resourceVersion: rv },
});
const line = (type: string, object: unknown) => `${JSON.stringify({ type, object })}\n`;

/**
 * An apiserver stand-in for one collection: each watch request is handed to the test,
 * which writes events (in chunks of its choosing) and ends or fails the stream.
 */
const fakeApiserver = () => {
  const watches: { query: URLSearchParams; res: ServerResponse }[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "", "http://x");
    if (url.searchParams.get("watch") !== "true") return res.writeHead(500).end();
    if (url.searchParams.get("resourceVersion") === "too-old") {
      res.writeHead(410, { "content-type": "application/json" });
      return res.end(JSON.stringify({ kind: "Status", code: 410, reason: "Expired", message: "too old" }));
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.flushHeaders();
    watches.push({ query: url.searchParams, res });
    for (const w of waiters.splice(0)) w();
  });
  const nextWatch = async (n: number) => {
    while (watches.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    return watches[n - 1] as { query: URLSearchParams; res: ServerResponse };
  };
  return { server, watches, nextWatch };
};

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), "condition not reached in 5 s");
};

describe("ListWatch", () => {
  const api = fakeApiserver();
  let http: KubeHttp;
  before(async () => {
    await new Promise<void>((resolve) => api.server.listen(0, "127.0.0.1", resolve));
    const port = (api.server.address() as AddressInfo).port;
    http = new KubeHttp(new KubeConnection({ server: `http://127.0.0.1:${port}`, namespace: "ns", source: "test" }));
  });
  after(() => {
    api.server.closeAllConnections();
    api.server.close();
  });

  it("parses events however they are chunked, re-watches from the last resourceVersion, relists on 410", async () => {
    const lists: KubernetesListObject<KubernetesObject>[] = [
      { items: [cm("a", "1"), cm("b", "1")], metadata: { resourceVersion: "1" } },
      { items: [cm("a", "9")], metadata: { resourceVersion: "9" } },
    ];
    let listed = 0;
    const lw = new ListWatch<KubernetesObject>({
      http,
      path: PATH,
      list: async () => lists[listed++] as KubernetesListObject<KubernetesObject>,
    });
    const log: string[] = [];
    for (const verb of ["add", "update", "delete"] as const) {
      lw.on(verb, (o, old) =>
        log.push(
          `${verb} ${o.metadata?.name}@${o.metadata?.resourceVersion}${old ? ` (was ${old.metadata?.resourceVersion})` : ""}`,
        ),
      );
    }
    const errors: unknown[] = [];
    lw.on("error", (e) => errors.push(e));
    await lw.start();

    const first = await api.nextWatch(1);
    assert.equal(first.query.get("resourceVersion"), "1");
    assert.equal(first.query.get("allowWatchBookmarks"), "true");
    // Two events and half of a third in one chunk, the rest in the next.
    const third = line("ADDED", cm("c", "4"));
    first.res.write(line("MODIFIED", cm("a", "2")) + line("DELETED", cm("b", "3")) + third.slice(0, 20));
    first.res.write(third.slice(20));
    first.res.write(line("BOOKMARK", { kind: "ConfigMap", metadata: { resourceVersion: "5" } }));
    await until(() => log.length === 5);
    first.res.end(); // the server's timeoutSeconds: resume from the bookmark, no relist

    const second = await api.nextWatch(2);
    assert.equal(second.query.get("resourceVersion"), "5");
    assert.equal(listed, 1);
    second.res.end(line("ERROR", { kind: "Status", code: 410, reason: "Expired" }));

    await api.nextWatch(3);
    assert.equal(listed, 2, "410 relists");
    assert.deepEqual(log, [
      "add a@1",
      "add b@1",
      "update a@2 (was 1)",
      "delete b@3",
      "add c@4",
      "update a@9 (was 2)",
      "delete c@4",
    ]);
    assert.deepEqual(
      lw.list().map((o) => o.metadata?.name),
      ["a"],
    );
    assert.deepEqual(errors, []);
    await lw.stop();
  });

  it("reports a broken stream as an error and stops, keeping its cache for start() to resume", async () => {
    const lw = new ListWatch<KubernetesObject>({
      http,
      path: PATH,
      list: async () => ({ items: [cm("x", "1")], metadata: { resourceVersion: "1" } }),
    });
    const errors: unknown[] = [];
    lw.on("error", (e) => errors.push(e));
    const before = api.watches.length;
    await lw.start();
    const watch = await api.nextWatch(before + 1);
    watch.res.write(line("MODIFIED", cm("x", "2")));
    await until(() => lw.get("x", "ns")?.metadata?.resourceVersion === "2");
    watch.res.socket?.destroy();
    await until(() => errors.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(api.watches.length, before + 1, "no reconnect of its own after a failure");
    await lw.start();
    assert.equal((await api.nextWatch(before + 2)).query.get("resourceVersion"), "2");
    await lw.stop();
  });

  it("relists when the watch itself answers 410 Gone", async () => {
    const rvs = ["too-old", "7"];
    const lw = new ListWatch<KubernetesObject>({
      http,
      path: PATH,
      list: async () => ({ items: [], metadata: { resourceVersion: rvs.shift() ?? "" } }),
    });
    const errors: unknown[] = [];
    lw.on("error", (e) => errors.push(e));
    const before = api.watches.length;
    await lw.start();
    assert.equal((await api.nextWatch(before + 1)).query.get("resourceVersion"), "7");
    assert.deepEqual([rvs, errors], [[], []]);
    await lw.stop();
  });
});
