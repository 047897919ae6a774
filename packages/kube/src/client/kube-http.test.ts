import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { KubeConnection } from "./kube-connection.ts";
import { KubeHttp } from "./kube-http.ts";

describe("KubeHttp.withSignal", () => {
  let server: Server;
  const received: IncomingMessage[] = [];
  let connection: KubeConnection;
  before(async () => {
    // An apiserver that takes requests and never answers: only an abort can end them.
    server = createServer((req) => received.push(req));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    connection = new KubeConnection({ server: `http://127.0.0.1:${port}`, namespace: "default", source: "test" });
  });
  after(async () => {
    connection.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("aborts requests in flight and refuses new ones once its signal aborts; the unscoped client is unaffected", async () => {
    const term = new AbortController();
    const http = new KubeHttp(connection).withSignal(term.signal);
    const inFlight = http.request("PUT", "/api/v1/namespaces/default/configmaps/x", { body: { a: 1 } });
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(received.length, 1, "the request reached the server");
    term.abort();
    await assert.rejects(inFlight, { name: "AbortError" });
    await assert.rejects(http.request("GET", "/api/v1/namespaces"), { name: "AbortError" });
    assert.equal(received.length, 1, "nothing was sent after the abort");
    // Another signal on the same client combines with the scope's.
    const own = new AbortController();
    const plain = new KubeHttp(connection);
    const unscoped = plain.request("GET", "/api/v1/namespaces", { signal: own.signal });
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(received.length, 2, "the unscoped client still sends");
    own.abort();
    await assert.rejects(unscoped, { name: "AbortError" });
  });
});
