import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pickVersion, ScoreRequest, type TrafficWeights } from "@fincoach/contracts";
import { createLogger } from "@fincoach/logging";
import { createHttpScoreModel } from "./http-score-model.ts";
import { followTrafficWeights, TrafficWeightsFile } from "./traffic-weights-file.ts";

/**
 * A server speaking the ML service's score contract on a real socket; it answers with the
 * Host it was called as (the version's Service), so the test sees where each call went.
 */
let server: Server;
let port: number;
let mode: "ok" | "error" | "bad-body" | "slow" = "ok";
/** Each request's `explain` as the server read it (undefined: not sent). */
const sentExplain: (boolean | undefined)[] = [];
const readBody = async (req: IncomingMessage) => {
  let text = "";
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
};
before(async () => {
  server = createServer(async (req, res) => {
    const body = ScoreRequest.parse(await readBody(req));
    sentExplain.push(body.explain);
    if (mode === "slow") return; // never answers; the client's timeout must end the wait
    if (mode === "error") return res.writeHead(503).end("overloaded");
    const service = req.headers["x-service"] ?? "plain";
    const scores =
      mode === "bad-body"
        ? [{ model: "m" }]
        : body.items.map(() => ({
            model: "categorizer",
            version: String(service),
            scope: "shared",
            labels: [{ label: "Vehicle Fuel", confidence: 0.9 }],
            explanation: [],
          }));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ scores }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

/** Real fetch to the loopback server; the template's host (the Service name) rides in a header. */
const viaLoopback: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  const headers = new Headers(init?.headers);
  headers.set("x-service", url.hostname);
  url.hostname = "127.0.0.1";
  return fetch(url, { ...init, headers });
};

const USERS = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
const item = {
  description: "shell kings 587",
  merchant: "shell kings",
  amount: "-72.61",
  currency: "GBP",
  date: "2017-01-03",
};
const weights = (v2: number): TrafficWeights => ({
  models: {
    categorizer: {
      versions: [
        { version: "v1", weight: 100 - v2, service: "ml-v1", champion: true },
        { version: "v2", weight: v2, service: "ml-v2", champion: false },
      ],
    },
  },
  updatedAt: "2026-01-01T00:00:00Z",
});

describe("the HTTP model stage", () => {
  test("without weights it calls ML_URL", async () => {
    mode = "ok";
    const score = createHttpScoreModel({ url: `http://127.0.0.1:${port}/`, model: "categorizer", timeoutMs: 5000 });
    const [s] = await score(USERS[0]!, [item]);
    assert.equal(s?.version, "plain");
    assert.deepEqual(s?.labels, [{ label: "Vehicle Fuel", confidence: 0.9 }]);
  });

  test("explain is sent as the caller gives it, and left out when not given", async () => {
    mode = "ok";
    const score = createHttpScoreModel({ url: `http://127.0.0.1:${port}`, model: "categorizer", timeoutMs: 5000 });
    sentExplain.length = 0;
    await score(USERS[0]!, [item], { explain: false });
    await score(USERS[0]!, [item], { explain: true });
    await score(USERS[0]!, [item]);
    await score(USERS[0]!, [item], {});
    assert.deepEqual(sentExplain, [false, true, undefined, undefined]);
  });

  test("with a weights file each person goes to their bucket's version, and a change applies without a restart", async () => {
    mode = "ok";
    const dir = await mkdtemp(join(tmpdir(), "weights-"));
    const path = join(dir, "weights.json");
    const logs: { msg: string }[] = [];
    const logger = createLogger({
      service: "test",
      destination: { write: (l: string) => void logs.push(JSON.parse(l)) },
    });
    // Re-read explicitly after each write: the test does not wait on the directory watch.
    const file = new TrafficWeightsFile({ path, logger });
    try {
      await writeFile(path, JSON.stringify(weights(30)));
      const source = followTrafficWeights(file);
      const score = createHttpScoreModel({
        url: `http://127.0.0.1:${port}`,
        urlTemplate: `http://{service}:${port}`,
        weights: source,
        model: "categorizer",
        timeoutMs: 5000,
        fetch: viaLoopback,
      });
      const served = async () => Promise.all(USERS.map(async (u) => (await score(u, [item]))[0]!.version));
      const before = await served();
      assert.deepEqual(
        before,
        USERS.map((u) => `ml-${pickVersion(weights(30), "categorizer", u)!.version}`),
      );
      assert.ok(before.includes("ml-v1") && before.includes("ml-v2"), before.join());
      await writeFile(path, JSON.stringify(weights(100)));
      await file.reload();
      assert.deepEqual(await served(), Array(USERS.length).fill("ml-v2"));
      await writeFile(path, "{ not json");
      await file.reload();
      assert.deepEqual(await served(), Array(USERS.length).fill("ml-v2"), "a broken document keeps the last good one");
      assert.ok(logs.some((l) => l.msg === "traffic weights refused; the last good document stays"));
      await writeFile(path, JSON.stringify({ models: {}, updatedAt: "2026-01-01T00:00:00Z" }));
      await file.reload();
      assert.equal(
        (await score(USERS[0]!, [item]))[0]!.version,
        "127.0.0.1",
        "a model not in the weights falls back to ML_URL",
      );
    } finally {
      file.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a failing, contract-breaking or silent service throws (the pipeline then leaves rows uncategorized)", async () => {
    const score = createHttpScoreModel({ url: `http://127.0.0.1:${port}`, model: "categorizer", timeoutMs: 200 });
    mode = "error";
    await assert.rejects(score(USERS[0]!, [item]), /answered 503: overloaded/);
    mode = "bad-body";
    await assert.rejects(score(USERS[0]!, [item]));
    mode = "slow";
    await assert.rejects(score(USERS[0]!, [item]), { name: "TimeoutError" });
    const nowhere = createHttpScoreModel({ model: "categorizer", timeoutMs: 200 });
    await assert.rejects(nowhere(USERS[0]!, [item]), /no ML service/);
  });
});
