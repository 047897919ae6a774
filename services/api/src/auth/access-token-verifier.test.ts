import assert from "node:assert/strict";
import { test } from "node:test";
import { signAccessToken } from "@fincoach/domain";
import { createAccessTokenVerifier } from "./access-token-verifier.ts";

const SECRET = "verifier-test-secret-verifier-test-secret";

test("a verified token is remembered, but only until it expires", async () => {
  let clock = Date.now();
  const { verify, known } = createAccessTokenVerifier(SECRET, { now: () => clock });
  const token = await signAccessToken(SECRET, "user-1", 60);
  assert.equal(known(token), undefined, "not verified yet");
  assert.equal(await verify(token), "user-1");
  assert.equal(known(token), "user-1");
  assert.equal(await verify(token), "user-1");
  clock += 61_000;
  // Past expiry the cache must not answer; the real check then rejects the token.
  assert.equal(known(token), undefined);
  await assert.rejects(verify(token), /invalid or expired/);
});

test("a changed token misses the cache and is rejected", async () => {
  const { verify, known } = createAccessTokenVerifier(SECRET);
  const token = await signAccessToken(SECRET, "user-1", 60);
  await verify(token);
  const tampered = `${token.slice(0, -2)}${token.endsWith("A") ? "B" : "A"}A`;
  await assert.rejects(verify(tampered), /invalid or expired/);
  assert.equal(known(tampered), undefined, "a rejected token is never remembered");
  await assert.rejects(verify(await signAccessToken("another-secret-another-secret-another", "u", 60)), /invalid/);
});

test("the cache is bounded", async () => {
  const { verify } = createAccessTokenVerifier(SECRET, { maxEntries: 2 });
  const tokens = await Promise.all(["a", "b", "c"].map((u) => signAccessToken(SECRET, u, 60)));
  for (const t of tokens) await verify(t);
  assert.deepEqual(await Promise.all(tokens.map(verify)), ["a", "b", "c"]);
  assert.throws(() => createAccessTokenVerifier(SECRET, { maxEntries: 0 }), RangeError);
});
