import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { refreshTokens, users } from "@fincoach/db";
import { hashToken } from "@fincoach/domain";
import { hash } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  // Many logins from one (socket-less) client in this file: keep the rate limits out of the way.
  h = await startHarness({ LOGIN_MAX_PER_IP: 1000, LOGIN_MAX_PER_ACCOUNT: 1000 });
});
after(() => h.close());

const PASSWORD = "correct horse battery";
const signUp = async () => {
  const email = `s${Math.random().toString(36).slice(2)}@example.com`;
  const res = await h.call("POST", "/v1/auth/register", { body: { email, password: PASSWORD } });
  return { email, ...res.json } as { email: string; user: { id: string }; accessToken: string; refreshToken: string };
};
const refresh = (refreshToken: string) => h.call("POST", "/v1/auth/refresh", { body: { refreshToken } });
const me = (token: string) => h.call("GET", "/v1/me", { token });

describe("auth: credentials", () => {
  test("wrong password and unknown email answer the same 401", async () => {
    const { email } = await signUp();
    const wrong = await h.call("POST", "/v1/auth/login", { body: { email, password: "not the password" } });
    const unknown = await h.call("POST", "/v1/auth/login", {
      body: { email: "nobody@example.com", password: PASSWORD },
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.json.detail, unknown.json.detail);
    assert.equal(wrong.json.code, "UNAUTHORIZED");
  });

  test("an account with a non-argon2 hash simply can't log in", async () => {
    const u = await h.newUser(); // the harness stores passwordHash "x"
    const res = await h.call("POST", "/v1/auth/login", { body: { email: u.email, password: "x" } });
    assert.equal(res.status, 401);
  });

  test("a hash made with weaker parameters is upgraded on the next login", async () => {
    const email = "legacy@example.com";
    const weak = await hash(PASSWORD, { memoryCost: 8192, timeCost: 1 });
    await h.database.db.insert(users).values({ email, passwordHash: weak });
    assert.equal((await h.call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } })).status, 200);
    const [row] = await h.database.db.select().from(users).where(eq(users.email, email));
    assert.match(row!.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal((await h.call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } })).status, 200);
  });

  test("tokens are stored only as sha256, and the password hash is never in an answer", async () => {
    const s = await signUp();
    const rows = await h.database.db.select().from(refreshTokens).where(eq(refreshTokens.userId, s.user.id));
    assert.deepEqual(
      rows.map((r) => r.tokenHash),
      [hashToken(s.refreshToken)],
    );
    assert.ok(!JSON.stringify(rows).includes(s.refreshToken));
    const [u] = await h.database.db.select().from(users).where(eq(users.id, s.user.id));
    const login = await h.call("POST", "/v1/auth/login", { body: { email: s.email, password: PASSWORD } });
    assert.ok(!login.text.includes(u!.passwordHash) && !login.text.includes("argon2"));
  });
});

describe("auth: access tokens", () => {
  const key = () => new TextEncoder().encode(h.config.auth.jwtSecret);
  const jwt = (sub: string, exp: number, secret = key()) =>
    new SignJWT({ typ: "access" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(sub)
      .setIssuer("fincoach")
      .setAudience("fincoach-api")
      .setIssuedAt(exp - 900)
      .setExpirationTime(exp)
      .sign(secret);
  const now = () => Math.floor(Date.now() / 1000);

  test("an expired access token answers 401", async () => {
    const s = await signUp();
    const res = await me(await jwt(s.user.id, now() - 5));
    assert.equal(res.status, 401);
    assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
  });

  test("tampered, foreign-key and unsigned tokens answer 401", async () => {
    const s = await signUp();
    const [header, payload, signature] = s.accessToken.split(".") as [string, string, string];
    const other = await signUp();
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: other.user.id }),
    ).toString("base64url");
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${payload}.`;
    const foreign = await jwt(s.user.id, now() + 600, new TextEncoder().encode("another-secret-another-secret-123"));
    for (const token of [
      `${header}.${forged}.${signature}`,
      `${header}.${payload}.${flipped}`,
      none,
      foreign,
      "garbage",
    ]) {
      assert.equal((await me(token)).status, 401, token);
    }
    assert.equal((await me(s.accessToken)).status, 200, "the genuine token still works");
  });

  test("a correctly signed token whose subject is not a user id answers 401 on every endpoint, never 500", async () => {
    const paths: Array<[string, string, unknown?]> = [
      ["GET", "/v1/me"],
      ["GET", "/v1/accounts"],
      ["GET", "/v1/transactions"],
      ["GET", "/v1/tokens"],
      ["POST", "/v1/accounts", { name: "x", type: "checking", currency: "EUR" }],
      ["POST", "/v1/tokens", { name: "x" }],
      ["DELETE", "/v1/me", { password: PASSWORD }],
    ];
    for (const sub of ["not-a-uuid", "", "1", "00000000-0000-0000-0000-00000000000g", "' or 1=1 --"]) {
      const token = await jwt(sub, now() + 600);
      for (const [method, path, body] of paths) {
        const res = await h.call(method, path, { token, body });
        assert.equal(res.status, 401, `${method} ${path} with sub ${JSON.stringify(sub)}`);
        assert.equal(res.json.code, "UNAUTHORIZED");
      }
    }
  });

  test("a well-formed subject that is nobody's id answers 401 on every endpoint", async () => {
    const token = await jwt(crypto.randomUUID(), now() + 600);
    for (const path of ["/v1/me", "/v1/accounts", "/v1/transactions", "/v1/categories"]) {
      assert.equal((await h.call("GET", path, { token })).status, 401, path);
    }
    const write = await h.call("POST", "/v1/accounts", {
      token,
      body: { name: "x", type: "checking", currency: "EUR" },
    });
    assert.equal(write.status, 401, "a write too, not a 500 from the foreign key");
  });

  test("a refresh token is not an access token", async () => {
    const s = await signUp();
    assert.equal((await me(s.refreshToken)).status, 401);
  });
});

describe("auth: refresh token rotation", () => {
  test("rotation: the old token fails after use", async () => {
    const s = await signUp();
    const next = await refresh(s.refreshToken);
    assert.equal(next.status, 200);
    assert.equal((await refresh(s.refreshToken)).status, 401);
  });

  test("reuse of a rotated token revokes the family: the newer token stops working too", async () => {
    const s = await signUp();
    const b = await refresh(s.refreshToken);
    const c = await refresh(b.json.refreshToken);
    assert.equal(c.status, 200);
    const reuse = await refresh(s.refreshToken); // the thief (or the victim) replays an old one
    assert.equal(reuse.status, 401);
    assert.equal((await refresh(c.json.refreshToken)).status, 401, "the newest token is revoked");
  });

  test("reuse ends only that family: another session of the same person keeps working", async () => {
    const s = await signUp();
    const other = await h.call("POST", "/v1/auth/login", { body: { email: s.email, password: PASSWORD } });
    await refresh(s.refreshToken);
    await refresh(s.refreshToken);
    assert.equal((await refresh(other.json.refreshToken)).status, 200);
  });

  test("two concurrent refreshes with one token: exactly one succeeds", async () => {
    for (let round = 0; round < 5; round++) {
      const s = await signUp();
      const results = await Promise.all([refresh(s.refreshToken), refresh(s.refreshToken), refresh(s.refreshToken)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 401, 401]);
      // The losers presented a revoked token: that is reuse, so the winner's successor is revoked as well.
      const winner = results.find((r) => r.status === 200)!;
      assert.equal((await refresh(winner.json.refreshToken)).status, 401);
    }
  });

  test("an expired refresh token answers 401", async () => {
    const s = await signUp();
    await h.database.db
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.tokenHash, hashToken(s.refreshToken)));
    assert.equal((await refresh(s.refreshToken)).status, 401);
  });

  test("unknown refresh tokens answer 401", async () => {
    assert.equal((await refresh("fcr_unknown")).status, 401);
  });
});
