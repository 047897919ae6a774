import assert from "node:assert/strict";
import { test } from "node:test";
import { KeyedLock } from "./namespace-lock.ts";

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("work on one key runs one at a time, in order; other keys run alongside", async () => {
  const lock = new KeyedLock();
  const log: string[] = [];
  const job = (name: string) => async () => {
    log.push(`${name}+`);
    await tick();
    log.push(`${name}-`);
  };
  await Promise.all([lock.run("ns-a", job("a1")), lock.run("ns-a", job("a2")), lock.run("ns-b", job("b1"))]);
  assert.ok(log.indexOf("a1-") < log.indexOf("a2+"));
  assert.ok(log.indexOf("b1+") < log.indexOf("a1-"), "another namespace does not wait");
});

test("a failed job does not block the next one, and its error reaches its caller", async () => {
  const lock = new KeyedLock();
  await assert.rejects(
    lock.run("ns", async () => {
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(await lock.run("ns", async () => 42), 42);
});
