import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setImmediate } from "node:timers/promises";
import { passwordHashingOf } from "./password-hashing.ts";

const settings = () => ({ concurrency: 2, maxQueue: 10, maxWaitMs: 30_000 });

describe("password hashing under the process-wide cap", () => {
  test("one hashing per settings object, and every hash and check takes one of its permits", async () => {
    const s = settings();
    const hashing = passwordHashingOf(s);
    assert.equal(passwordHashingOf(s), hashing);
    assert.notEqual(passwordHashingOf(settings()), hashing);
    const stored = hashing.hash("correct horse battery");
    assert.deepEqual(hashing.gate.load(), { active: 1, waiting: 0 });
    assert.equal(await hashing.verify(await stored, "correct horse battery"), true);
    assert.deepEqual(hashing.gate.load(), { active: 0, waiting: 0 });
  });

  test("the dummy check is argon2 work under the cap, every time (so it costs what a real check costs)", async () => {
    // Not timed (no timing assertions): the cost is the same because it is the same call,
    // verify() of a hash made with today's parameters, through the same gate.
    const hashing = passwordHashingOf({ concurrency: 1, maxQueue: 10, maxWaitMs: 30_000 });
    for (let i = 0; i < 2; i++) {
      const held = await hashing.gate.acquire();
      const check = hashing.verifyAgainstDummy("wrong guess!");
      const deadline = Date.now() + 5000;
      while (hashing.gate.load().waiting === 0 && Date.now() < deadline) await setImmediate();
      assert.deepEqual(hashing.gate.load(), { active: 1, waiting: 1 }, `call ${i} waits for the permit`);
      held();
      await check;
    }
  });
});
