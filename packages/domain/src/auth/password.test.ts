import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hash } from "@node-rs/argon2";
import { checkPassword } from "./check-password.ts";
import { hashPassword, needsRehash, type PasswordHashing, verifyPassword } from "./password.ts";

/** The primitives with no cap: what the checks do, without a deployable's concurrency limit. */
const uncapped = (): PasswordHashing => ({
  hash: hashPassword,
  verify: verifyPassword,
  verifyAgainstDummy: async (password) => void (await verifyPassword(await hashPassword("dummy-password"), password)),
});

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
});

describe("checkPassword", () => {
  const composed = "caf\u00e9 au lait"; // é as one code point (NFC)
  const decomposed = "cafe\u0301 au lait"; // e + combining acute (NFD)

  test("NFC: both spellings of é match a hash made from the NFC form, which needs no rehash", async () => {
    const hashing = uncapped();
    const stored = await hashPassword(composed);
    for (const typed of [composed, decomposed]) {
      assert.deepEqual(await checkPassword(hashing, stored, typed), { matches: true, rehash: false, nfc: composed });
    }
    assert.equal((await checkPassword(hashing, stored, "cafe au lait")).matches, false);
  });

  test("a hash made before normalisation from a non-NFC form still matches, and is marked for rehash as NFC", async () => {
    const hashing = uncapped();
    const legacy = await hashPassword(decomposed);
    assert.deepEqual(await checkPassword(hashing, legacy, decomposed), { matches: true, rehash: true, nfc: composed });
    // Typed as NFC it can't match that hash: only the form typed at sign-up could.
    assert.equal((await checkPassword(hashing, legacy, composed)).matches, false);
  });

  test("with no account, nothing matches (and the dummy is checked instead)", async () => {
    const hashing = uncapped();
    assert.equal((await checkPassword(hashing, undefined, decomposed)).matches, false);
  });
});
