import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { openSecret, parseKeyring, sealSecret } from "./secret-box.ts";

const key = () => randomBytes(32).toString("base64");

test("a sealed secret opens under the same key and binding, and its ciphertext is not the plaintext", () => {
  const keyring = parseKeyring(`k1:${key()}`);
  const sealed = sealSecret(keyring, "hunter2-pässword", "conn-a");
  assert.equal(sealed.keyId, "k1");
  assert.ok(!Buffer.from(sealed.ciphertext, "base64").toString("utf8").includes("hunter2"));
  assert.equal(openSecret(keyring, sealed, "conn-a"), "hunter2-pässword");
});

test("two seals of one secret differ (fresh nonce each time)", () => {
  const keyring = parseKeyring(`k1:${key()}`);
  const a = sealSecret(keyring, "same", "c");
  const b = sealSecret(keyring, "same", "c");
  assert.notEqual(a.nonce, b.nonce);
  assert.notEqual(a.ciphertext, b.ciphertext);
});

test("a ciphertext bound to one connection does not open for another", () => {
  const keyring = parseKeyring(`k1:${key()}`);
  const sealed = sealSecret(keyring, "secret", "conn-a");
  assert.throws(() => openSecret(keyring, sealed, "conn-b"), /does not open under key "k1"/);
});

test("a tampered ciphertext or a different key with the same id does not open", () => {
  const keyring = parseKeyring(`k1:${key()}`);
  const sealed = sealSecret(keyring, "secret", "c");
  const bytes = Buffer.from(sealed.ciphertext, "base64");
  bytes[0]! ^= 1;
  assert.throws(() => openSecret(keyring, { ...sealed, ciphertext: bytes.toString("base64") }, "c"), /does not open/);
  assert.throws(() => openSecret(parseKeyring(`k1:${key()}`), sealed, "c"), /does not open/);
});

test("the first key seals; older keys still open what they sealed; an unknown key id is named", () => {
  const old = key();
  const sealedOld = sealSecret(parseKeyring(`old:${old}`), "secret", "c");
  const rotated = parseKeyring(`new:${key()},old:${old}`);
  assert.equal(openSecret(rotated, sealedOld, "c"), "secret");
  assert.equal(sealSecret(rotated, "secret", "c").keyId, "new");
  assert.throws(() => openSecret(parseKeyring(`new:${key()}`), sealedOld, "c"), /key "old", which the configured keys/);
});

test("bad key specifications are refused with one line that never echoes the key", () => {
  const short = Buffer.alloc(16, 7).toString("base64");
  const cases: [string, RegExp][] = [
    ["", /at least one key/],
    [`nocolon${key()}`, /key 1: must be id:base64key/],
    [`k1:${short}`, /key 1 \("k1"\): must be 32 bytes/],
    [`k1:not base64!`, /key 1 \("k1"\): must be 32 bytes/],
    [`k1:${key()},k1:${key()}`, /key 2 \("k1"\): the id is given twice/],
  ];
  for (const [spec, message] of cases) {
    assert.throws(
      () => parseKeyring(spec),
      (e: Error) => message.test(e.message) && !e.message.includes(short) && !e.message.includes("\n"),
      spec,
    );
  }
});
