import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { buildVersionStats } from "@fincoach/contracts";
import { expandUrlTemplate, httpStatsSource } from "./stats-source.ts";

const query = { namespace: "ml", service: "categorizer-v2", model: "categorizer", version: "v2", window: "30s" };

test("expandUrlTemplate fills the placeholders", () => {
  assert.equal(expandUrlTemplate("http://{service}.{namespace}.svc:8080", query), "http://categorizer-v2.ml.svc:8080");
  assert.equal(expandUrlTemplate("http://ml/{model}/{version}", query), "http://ml/categorizer/v2");
});

describe("httpStatsSource", () => {
  let server: Server;
  let base = "";
  let answer: (url: URL) => { status: number; body?: unknown } = () => ({ status: 200 });
  const seen: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      seen.push(`${url.pathname}${url.search}`);
      const { status, body } = answer(url);
      res.writeHead(status, { "content-type": "application/json" }).end(body === undefined ? "" : JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const body = (model = "categorizer", version = "v2") =>
    buildVersionStats({
      model,
      version,
      window: "30s",
      predictions: 10,
      errors: 1,
      latencyP99Ms: 80,
      feedbackTotal: 0,
      feedbackAccepted: 0,
      now: new Date(),
    });

  test("reads the contract's path with the window and validates the body", async () => {
    answer = () => ({ status: 200, body: body() });
    const stats = await httpStatsSource({ urlTemplate: `${base}/`, timeoutMs: 2000 }).get(query);
    assert.equal(stats.errorRate, 0.1);
    assert.equal(seen.at(-1), "/v1/models/categorizer/versions/v2/stats?window=30s");
  });

  test("a non-200, a body breaking the contract or about another version throws", async () => {
    const source = httpStatsSource({ urlTemplate: base, timeoutMs: 2000 });
    answer = () => ({ status: 503 });
    await assert.rejects(source.get(query), /HTTP 503/);
    answer = () => ({ status: 200, body: { ...body(), errors: 99 } });
    await assert.rejects(source.get(query), /version-stats/);
    answer = () => ({ status: 200, body: body("categorizer", "v1") });
    await assert.rejects(source.get(query), /about categorizer\/v1/);
  });

  test("a source nobody listens at names the connection's error, not only fetch's", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      httpStatsSource({ urlTemplate: url, timeoutMs: 2000 }).get(query),
      /^Error: GET http:\/\/127\.0\.0\.1:\d+\/v1\/models\/categorizer\/versions\/v2\/stats\?window=30s: fetch failed \(ECONNREFUSED /,
    );
  });

  test("a slow answer times out", async () => {
    answer = () => ({ status: 200, body: body() });
    const slow = createServer(() => {});
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    await assert.rejects(httpStatsSource({ urlTemplate: url, timeoutMs: 100 }).get(query), /timeout|aborted/i);
    slow.closeAllConnections();
    slow.close();
  });
});
