import assert from "node:assert/strict";
import { test } from "node:test";
import { waitUntilReachable } from "./exit-unless-reachable.ts";
import { TEMPORARY_DNS_FAILURE } from "./socket-cause.ts";

// Checks answering from a script of results, counting how often they were asked.
const scripted = (answers: (string | undefined)[]) => {
  let asked = 0;
  const check = async () => answers[Math.min(asked++, answers.length - 1)];
  return { check, asked: () => asked };
};

test("a temporary DNS failure is asked again until the check passes", async () => {
  const dns = scripted([
    `PostgreSQL at db:5432: ${TEMPORARY_DNS_FAILURE}`,
    `PostgreSQL at db:5432: ${TEMPORARY_DNS_FAILURE}`,
    undefined,
  ]);
  const redis = scripted([undefined]);
  assert.deepEqual(await waitUntilReachable([dns.check, redis.check], { pauseMs: 1 }), []);
  assert.deepEqual([dns.asked(), redis.asked()], [3, 1]);
});

test("a refusal or an unknown host is final at once; a lasting DNS failure is reported after the window", async () => {
  const refused = scripted(["PostgreSQL at db:5432: connection refused", undefined]);
  const unknown = scripted(["Redis at nosuch:6379: unknown host", undefined]);
  assert.deepEqual(await waitUntilReachable([refused.check, unknown.check], { pauseMs: 1 }), [
    "PostgreSQL at db:5432: connection refused",
    "Redis at nosuch:6379: unknown host",
  ]);
  assert.deepEqual([refused.asked(), unknown.asked()], [1, 1]);
  const lasting = scripted([`Redis at r:6379: ${TEMPORARY_DNS_FAILURE}`]);
  assert.deepEqual(await waitUntilReachable([lasting.check], { transientForMs: 30, pauseMs: 5 }), [
    `Redis at r:6379: ${TEMPORARY_DNS_FAILURE}`,
  ]);
  assert.ok(lasting.asked() >= 2, `asked ${lasting.asked()} times`);
});
