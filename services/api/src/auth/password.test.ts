import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hash } from "@node-rs/argon2";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  test("argon2id with OWASP parameters and a fresh salt per hash", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword(a, "correct horse battery"), true);
    assert.equal(await verifyPassword(a, "correct horse batter"), false);
  });

  test("a malformed stored hash never matches, and doesn't throw", async () => {
    assert.equal(await verifyPassword("x", "x"), false);
    assert.equal(await verifyPassword("", ""), false);
  });

  test("needsRehash flags hashes made with other parameters", async () => {
    assert.equal(needsRehash(await hashPassword("pw-pw-pw-pw")), false);
    assert.equal(needsRehash(await hash("pw-pw-pw-pw", { memoryCost: 8192, timeCost: 1 })), true);
    assert.equal(needsRehash("not a hash"), true);
  });

  test("the dummy check spends about as long as a real one", async () => {
    const stored = await hashPassword("correct horse battery");
    await verifyAgainstDummy("warm-up");
    // Interleaved, so load from tests running in parallel hits both alike.
    let real = 0;
    let dummy = 0;
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      await verifyPassword(stored, "wrong guess!");
      const t1 = performance.now();
      await verifyAgainstDummy("wrong guess!");
      real += t1 - t0;
      dummy += performance.now() - t1;
    }
    assert.ok(dummy > real / 3 && dummy < real * 3, `real ${real.toFixed(0)} ms, dummy ${dummy.toFixed(0)} ms`);
  });
});
