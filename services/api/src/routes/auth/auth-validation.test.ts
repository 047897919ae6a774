import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { users } from "@fincoach/db";
import { count } from "drizzle-orm";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const PASSWORD = "correct horse battery";
const register = (body: unknown) => h.call("POST", "/v1/auth/register", { body });
const userCount = async () => (await h.database.db.select({ n: count() }).from(users))[0]!.n;
const paths = (res: { json: { errors?: Array<{ path: string }> } }) => res.json.errors?.map((e) => e.path).sort();

describe("auth: validation", () => {
  test("a duplicate email answers 409, whatever its case, and adds no account", async () => {
    assert.equal((await register({ email: "dup@example.com", password: PASSWORD })).status, 201);
    const before = await userCount();
    const res = await register({ email: " DUP@Example.com", password: "another password!" });
    assert.equal(res.status, 409);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal(res.json.code, "CONFLICT");
    assert.equal(await userCount(), before);
  });

  test("concurrent sign-ups with one email: exactly one wins", async () => {
    const results = await Promise.all(
      ["race@example.com", "RACE@example.com", "Race@Example.com"].map((email) =>
        register({ email, password: PASSWORD }),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409]);
  });

  test("a password needs 8 characters other than whitespace: 400 naming `password` and the minimum", async () => {
    for (const password of ["1234567", "        1234567", "a b c d e f g", "\u{1F600}".repeat(7)]) {
      const res = await register({ email: "short@example.com", password });
      assert.equal(res.status, 400, JSON.stringify(password));
      assert.deepEqual(paths(res), ["password"]);
      assert.match(res.json.errors[0].message, /at least 8 characters, not counting whitespace/);
      assert.ok(!res.text.includes(password), "the password is not echoed back");
    }
    // Whitespace is kept (never trimmed), it just doesn't count; an emoji is one character.
    assert.equal((await register({ email: "spaced@example.com", password: " a b c d e f g h " })).status, 201);
    assert.equal((await register({ email: "emoji@example.com", password: "\u{1F600}".repeat(8) })).status, 201);
    const login = await h.call("POST", "/v1/auth/login", {
      body: { email: "spaced@example.com", password: "abcdefgh" },
    });
    assert.equal(login.status, 401, "the spaces are part of the password");
  });

  test("a password over 1,024 UTF-8 bytes answers 400 naming the maximum, on register and login", async () => {
    for (const password of ["x".repeat(1025), "\u00e9".repeat(513)]) {
      const res = await register({ email: "long@example.com", password });
      assert.equal(res.status, 400, `${password.length} characters`);
      assert.deepEqual(paths(res), ["password"]);
      assert.match(res.json.errors[0].message, /at most 1024 bytes/);
      const login = await h.call("POST", "/v1/auth/login", { body: { email: "long@example.com", password } });
      assert.equal(login.status, 400);
      assert.deepEqual(paths(login), ["password"]);
    }
    assert.equal((await register({ email: "long@example.com", password: "\u00e9".repeat(512) })).status, 201);
    assert.equal((await register({ email: "long2@example.com", password: "x".repeat(1024) })).status, 201);
  });

  test("a NUL in a new password answers 400 naming `password`, and nothing is written", async () => {
    const before = await userCount();
    const res = await register({ email: "nul@example.com", password: "correct\u0000horse" });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res), ["password"]);
    assert.match(res.json.errors[0].message, /NUL/);
    assert.equal(await userCount(), before);
  });

  test("é typed as one code point or as e + combining accent is the same password", async () => {
    const composed = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e";
    const decomposed = composed.normalize("NFD");
    assert.notEqual(composed, decomposed);
    assert.equal((await register({ email: "nfd@example.com", password: decomposed })).status, 201);
    assert.equal((await register({ email: "nfc@example.com", password: composed })).status, 201);
    for (const email of ["nfd@example.com", "nfc@example.com"]) {
      for (const password of [composed, decomposed]) {
        const res = await h.call("POST", "/v1/auth/login", { body: { email, password } });
        assert.equal(res.status, 200, `${email} with ${password === composed ? "NFC" : "NFD"}`);
      }
    }
  });

  test("a bad email answers 400 naming `email`, and nothing is written", async () => {
    const before = await userCount();
    for (const email of ["not-an-email", "a@b", "", `${"a".repeat(250)}@example.com`]) {
      const res = await register({ email, password: PASSWORD });
      assert.equal(res.status, 400, email);
      assert.deepEqual(paths(res), ["email"], email);
    }
    assert.equal(await userCount(), before);
  });

  test("missing fields are each named; malformed JSON is 400", async () => {
    const res = await register({});
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res), ["email", "password"]);
    const login = await h.call("POST", "/v1/auth/login", { body: { email: "x@example.com" } });
    assert.deepEqual(paths(login), ["password"]);
    const refresh = await h.call("POST", "/v1/auth/refresh", { body: {} });
    assert.deepEqual(paths(refresh), ["refreshToken"]);
    const bad = await h.app.request("/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    assert.equal(bad.status, 400);
  });
});
