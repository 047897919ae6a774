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

  test("a short password answers 400 naming `password` and the minimum", async () => {
    const res = await register({ email: "short@example.com", password: "123456789" });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res), ["password"]);
    assert.match(res.json.errors[0].message, /at least 10/);
    assert.ok(!res.text.includes("123456789"), "the password is not echoed back");
  });

  test("an overlong password answers 400 naming the maximum", async () => {
    const res = await register({ email: "long@example.com", password: "x".repeat(257) });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res), ["password"]);
    assert.match(res.json.errors[0].message, /at most 256/);
    assert.equal((await register({ email: "long@example.com", password: "x".repeat(256) })).status, 201);
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
