import assert from "node:assert/strict";
import { createServer, type OutgoingHttpHeaders, type RequestListener, request } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { createObserver } from "@fincoach/http";
import { createLogger } from "@fincoach/logging";
import { createMetrics, startTracing, type Tracing } from "@fincoach/telemetry";
import { signAccessToken } from "../auth/access-token.ts";
import { createAccessTokenVerifier } from "../auth/access-token-verifier.ts";
import { cacheKeyOf } from "./cache-key.ts";
import { createPageCache } from "./page-cache.ts";
import { serveHitsFirst } from "./serve-hits-first.ts";

// Real parts throughout: the page cache, the token verifier, the observer (metrics and
// access log) and a Node HTTP server; `next` stands where the Hono app stands and says
// which requests reached it.
const SECRET = "serve-hits-first-secret-serve-hits-first";
const PAGE = Buffer.from('{"items":[{"id":"t1","amount":"-12.34"}],"nextCursor":null}');
const ETAG = '"page-etag"';
const KEY = cacheKeyOf({ limit: 50 });

let clock = Date.now();
const accessTokens = createAccessTokenVerifier(SECRET, { now: () => clock });
const cache = createPageCache({ maxBytes: 1_000_000 });
const metrics = createMetrics("api");
const lines: Record<string, unknown>[] = [];
const logger = createLogger({
  service: "api",
  level: "info",
  destination: new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  }),
});
const reachedNext: string[] = [];
const next: RequestListener = (req, res) => {
  reachedNext.push(`${req.method} ${req.url}`);
  res.writeHead(299).end("from next");
};
const ahead = serveHitsFirst(
  { cache, knownUser: accessTokens.known, observer: createObserver({ logger, metrics, service: "api" }), logger },
  next,
);
const server = createServer(ahead.listener);
let base = "";
let alice = "";
let bob = "";
let tracing: Tracing;

before(async () => {
  tracing = await startTracing({ service: "api" }); // the W3C propagator, as in the service
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  alice = await signAccessToken(SECRET, "alice", 60);
  bob = await signAccessToken(SECRET, "bob", 60);
  await accessTokens.verify(alice); // as Hono's auth middleware does on a first request
  await accessTokens.verify(bob);
  cache.resume();
  cache.rememberQuery("/v1/transactions?limit=50", KEY); // as the list route does once the query validated
  cache.put(cache.ticket("alice", KEY)!, { body: PAGE, etag: ETAG });
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await tracing.shutdown();
});

const get = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
  reachedNext.length = 0;
  const res = await fetch(`${base}${path}`, { method, headers });
  return { res, body: Buffer.from(await res.arrayBuffer()), viaNext: reachedNext.length > 0 };
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("cached list pages answered ahead of Hono", () => {
  test("a hit: the page's bytes and headers, a request id, the histogram, an access line in the caller's trace", async () => {
    lines.length = 0;
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const answered = ahead.answered();
    const { res, body, viaNext } = await get("/v1/transactions?limit=50", {
      ...bearer(alice),
      "x-request-id": "req-7",
      traceparent: `00-${traceId}-b7ad6b7169203331-01`,
    });
    assert.equal(viaNext, false);
    assert.equal(ahead.answered(), answered + 1);
    assert.equal(res.status, 200);
    assert.deepEqual(body, PAGE);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(res.headers.get("content-length"), String(PAGE.byteLength));
    assert.equal(res.headers.get("etag"), ETAG);
    assert.equal(res.headers.get("cache-control"), "private, no-cache");
    assert.equal(res.headers.get("x-request-id"), "req-7");
    const exposition = await metrics.registry.metrics();
    assert.match(
      exposition,
      /^http_request_duration_seconds_count\{service="api",method="GET",route="\/v1\/transactions",status="200"\} 1$/m,
    );
    assert.deepEqual(
      lines.map((l) => [l.msg, l.requestId, l.route, l.status, l.traceId]),
      [["request", "req-7", "/v1/transactions", 200, traceId]],
    );
  });

  test("If-None-Match with the page's ETag: 304 without a body; a forged request id is replaced", async () => {
    const { res, body, viaNext } = await get("/v1/transactions?limit=50", {
      ...bearer(alice),
      "if-none-match": `W/${ETAG}`,
      "x-request-id": "a b",
    });
    assert.equal(viaNext, false);
    assert.equal(res.status, 304);
    assert.equal(body.byteLength, 0);
    assert.equal(res.headers.get("etag"), ETAG);
    assert.match(res.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  });

  test("everything not settled in memory goes on to Hono", async () => {
    const unverified = await signAccessToken(SECRET, "alice", 61); // valid, but never verified here
    const cases: [string, string, Record<string, string>, string?][] = [
      ["another person's page is not cached", "/v1/transactions?limit=50", bearer(bob)],
      ["a token not verified yet", "/v1/transactions?limit=50", bearer(unverified)],
      ["a personal access token", "/v1/transactions?limit=50", bearer("fcp_abcdef")],
      ["no token", "/v1/transactions?limit=50", {}],
      ["a query string never validated", "/v1/transactions?limit=5", bearer(alice)],
      ["the same query, written differently", "/v1/transactions", bearer(alice)],
      ["another path", "/v1/transactions/", bearer(alice)],
      ["another method", "/v1/transactions?limit=50", bearer(alice), "HEAD"],
    ];
    for (const [why, path, headers, method] of cases) {
      const { viaNext } = await get(path, headers, method);
      assert.equal(viaNext, true, why);
    }
    assert.equal(accessTokens.known(unverified), undefined, "and it was not verified by being offered");
  });

  test("two Authorization headers, or a Host the adapter would rebuild, go on to Hono", async () => {
    // Node's client sends each value of an array as its own header line.
    const raw = (headers: Record<string, string | string[]>) =>
      new Promise<number>((resolve, reject) => {
        reachedNext.length = 0;
        const { port } = server.address() as AddressInfo;
        request(
          {
            host: "127.0.0.1",
            port,
            path: "/v1/transactions?limit=50",
            headers: headers as OutgoingHttpHeaders,
            setHost: false,
          },
          (res) => {
            res.resume().on("end", () => resolve(reachedNext.length));
          },
        )
          .on("error", reject)
          .end();
      });
    assert.equal(await raw({ host: "127.0.0.1", authorization: `Bearer ${alice}` }), 0, "one header: answered");
    assert.equal(await raw({ host: "127.0.0.1", authorization: [`Bearer ${alice}`, `Bearer ${bob}`] }), 1);
    assert.equal(await raw({ host: "API.Example.com", authorization: `Bearer ${alice}` }), 1);
  });

  test("an expired token, or a suspended cache, goes on to Hono", async () => {
    assert.equal((await get("/v1/transactions?limit=50", bearer(alice))).viaNext, false);
    const now = clock;
    clock = Date.now() + 61_000; // the tokens were signed for 60 s, after `now` was taken
    try {
      assert.equal((await get("/v1/transactions?limit=50", bearer(alice))).viaNext, true, "expired");
    } finally {
      clock = now;
    }
    cache.suspend();
    try {
      assert.equal((await get("/v1/transactions?limit=50", bearer(alice))).viaNext, true, "suspended");
    } finally {
      cache.resume();
    }
  });
});
