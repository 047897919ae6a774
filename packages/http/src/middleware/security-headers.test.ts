import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import type { BaseEnv } from "../base-env.ts";
import { newApp } from "../new-app.ts";

const build = () => {
  const app = newApp<BaseEnv>({
    service: "test",
    logger: createLogger({ service: "test", level: "silent" }),
    metrics: createMetrics("test"),
  });
  app.get("/ok", (c) => c.json({ ok: true }));
  app.get("/boom", () => {
    throw new Error("kaboom");
  });
  return app;
};

test("every response of a newApp carries nosniff, no-referrer and DENY framing: success, 404 and 500", async () => {
  const app = build();
  for (const [path, status] of [
    ["/ok", 200],
    ["/nowhere", 404],
    ["/boom", 500],
  ] as const) {
    const res = await app.request(path);
    assert.equal(res.status, status, path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
    assert.equal(res.headers.get("x-frame-options"), "DENY", path);
    assert.ok(res.headers.get("x-request-id"), `${path} keeps its request id`);
  }
});
