import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import { createLogger } from "./create-logger.ts";
import { logErrors, rateLimitedWarn } from "./log-errors.ts";

test("an emitter's errors: one JSON line at once, then at most one per interval with how many were left out", () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: "worker-test",
    level: "warn",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  const emitter = new EventEmitter();
  let now = 0;
  logErrors(emitter, logger, "queue error", { queue: "sync" }, { everyMs: 10_000, now: () => now });
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" });
  for (const t of [0, 100, 200, 9_999, 10_000, 10_500, 25_000]) {
    now = t;
    emitter.emit("error", refused);
  }
  assert.deepEqual(
    lines.map(({ msg, queue, err, code, suppressed }) => ({ msg, queue, err, code, suppressed })),
    [
      { msg: "queue error", queue: "sync", err: refused.message, code: "ECONNREFUSED", suppressed: undefined },
      { msg: "queue error", queue: "sync", err: refused.message, code: "ECONNREFUSED", suppressed: 3 },
      { msg: "queue error", queue: "sync", err: refused.message, code: "ECONNREFUSED", suppressed: 1 },
    ],
  );
  // The message only: no stack in the line.
  for (const l of lines) assert.equal(JSON.stringify(l).includes("at TCPConnectWrap"), false);
});

test("a rate-limited warning of something not an Error: its text, no code", () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: "logging-test",
    level: "warn",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  const warn = rateLimitedWarn(logger, "cannot publish event", { client: "shared" }, { now: () => 0 });
  warn("Connection is closed.");
  warn(new Error("again"));
  assert.deepEqual(
    lines.map(({ msg, client, err, code }) => ({ msg, client, err, code })),
    [{ msg: "cannot publish event", client: "shared", err: "Connection is closed.", code: undefined }],
  );
});
