import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { categories, refreshTokens, users } from "@fincoach/db";
import { DEFAULT_TAXONOMY } from "@fincoach/domain";
import { count, eq } from "drizzle-orm";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const PASSWORD = "correct horse battery";
const uniqueEmail = () => `p${Math.random().toString(36).slice(2)}@example.com`;

describe("auth: happy path", () => {
  test("register answers 201 with the person and a token pair, email normalized", async () => {
    const email = uniqueEmail();
    const res = await h.call("POST", "/v1/auth/register", {
      body: { email: `  ${email.toUpperCase()} `, password: PASSWORD },
    });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.json).sort(), ["accessToken", "refreshToken", "user"]);
    assert.deepEqual(Object.keys(res.json.user).sort(), ["email", "id"]);
    assert.equal(res.json.user.email, email);
    assert.match(res.json.refreshToken, /^fcr_/);
    const me = await h.call("GET", "/v1/me", { token: res.json.accessToken });
    assert.equal(me.status, 200);
    assert.deepEqual(Object.keys(me.json).sort(), ["createdAt", "email", "id"]);
    assert.equal(me.json.id, res.json.user.id);
    assert.equal(me.json.email, email);
  });

  test("the password is stored as argon2id with OWASP parameters, never in clear", async () => {
    const res = await h.call("POST", "/v1/auth/register", { body: { email: uniqueEmail(), password: PASSWORD } });
    const [row] = await h.database.db.select().from(users).where(eq(users.id, res.json.user.id));
    assert.match(row!.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.ok(!row!.passwordHash.includes(PASSWORD));
  });

  test("registration seeds the default categories (groups and children)", async () => {
    const res = await h.call("POST", "/v1/auth/register", { body: { email: uniqueEmail(), password: PASSWORD } });
    const expected = DEFAULT_TAXONOMY.reduce((n, g) => n + 1 + g.children.length, 0);
    const [row] = await h.database.db
      .select({ n: count() })
      .from(categories)
      .where(eq(categories.userId, res.json.user.id));
    assert.equal(row!.n, expected);
  });

  test("login answers 200 with the same shape, any case and surrounding spaces", async () => {
    const email = uniqueEmail();
    const reg = await h.call("POST", "/v1/auth/register", { body: { email, password: PASSWORD } });
    const res = await h.call("POST", "/v1/auth/login", {
      body: { email: ` ${email.toUpperCase()}`, password: PASSWORD },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.user, reg.json.user);
    assert.equal((await h.call("GET", "/v1/me", { token: res.json.accessToken })).json.id, reg.json.user.id);
    assert.notEqual(res.json.refreshToken, reg.json.refreshToken);
  });

  test("refresh answers a new working pair; logout revokes the family", async () => {
    const reg = await h.call("POST", "/v1/auth/register", { body: { email: uniqueEmail(), password: PASSWORD } });
    const refreshed = await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: reg.json.refreshToken } });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.json.user.id, reg.json.user.id);
    assert.notEqual(refreshed.json.refreshToken, reg.json.refreshToken);
    assert.equal((await h.call("GET", "/v1/me", { token: refreshed.json.accessToken })).status, 200);

    const out = await h.call("POST", "/v1/auth/logout", { body: { refreshToken: refreshed.json.refreshToken } });
    assert.equal(out.status, 204);
    const again = await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: refreshed.json.refreshToken } });
    assert.equal(again.status, 401);
    const live = await h.database.db.select().from(refreshTokens).where(eq(refreshTokens.userId, reg.json.user.id));
    assert.ok(live.every((t) => t.revokedAt !== null));
  });

  test("logout with an unknown token is a quiet 204", async () => {
    const res = await h.call("POST", "/v1/auth/logout", { body: { refreshToken: "fcr_nothing" } });
    assert.equal(res.status, 204);
  });
});
