import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createApp } from "../../app.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  // Each test deletes its own person; 3 password tries per account, as login allows.
  h = await startHarness({ LOGIN_MAX_PER_ACCOUNT: 3, LOGIN_MAX_PER_IP: 1000 });
});
after(() => h.close());

const PASSWORD = "correct horse battery";

/** A person signed up through the API, with an account, a transaction and a personal access token. */
const person = async () => {
  const email = `d${Math.random().toString(36).slice(2)}@example.com`;
  const s = await h.call("POST", "/v1/auth/register", { body: { email, password: PASSWORD } });
  assert.equal(s.status, 201, s.text);
  const token: string = s.json.accessToken;
  const account = await h.call("POST", "/v1/accounts", {
    token,
    body: { name: "Checking", type: "checking", currency: "EUR" },
  });
  assert.equal(account.status, 201, account.text);
  const tx = await h.call("POST", "/v1/transactions", {
    token,
    body: { accountId: account.json.id, date: "2024-03-01", amount: "-12.34", description: "Coffee" },
  });
  assert.equal(tx.status, 201, tx.text);
  const pat = await h.call("POST", "/v1/tokens", { token, body: { name: "script" } });
  assert.equal(pat.status, 201, pat.text);
  return {
    id: s.json.user.id as string,
    email,
    token,
    refreshToken: s.json.refreshToken as string,
    pat: pat.json.token as string,
    accountId: account.json.id as string,
  };
};

const deleteMe = (token: string, body: unknown) => h.call("DELETE", "/v1/me", { token, body });

/** Rows the person owns, table by table. */
const rowsOf = async (userId: string) => {
  const [row] = await h.database.sql`
    select (select count(*) from users where id = ${userId})::int as users,
           (select count(*) from accounts where user_id = ${userId})::int as accounts,
           (select count(*) from transactions where user_id = ${userId})::int as transactions,
           (select count(*) from categories where user_id = ${userId})::int as categories,
           (select count(*) from refresh_tokens where user_id = ${userId})::int as "refreshTokens",
           (select count(*) from personal_access_tokens where user_id = ${userId})::int as "personalAccessTokens"`;
  return { ...row };
};

describe("DELETE /v1/me", () => {
  test("with the password: 204, and the person and all their data are gone", async () => {
    const p = await person();
    const other = await person();
    const before = await rowsOf(p.id);
    const others = await rowsOf(other.id);
    assert.ok(
      Object.values(before).every((n) => n > 0),
      JSON.stringify(before),
    );
    assert.equal((await deleteMe(p.token, { password: PASSWORD })).status, 204);
    assert.deepEqual(await rowsOf(p.id), {
      users: 0,
      accounts: 0,
      transactions: 0,
      categories: 0,
      refreshTokens: 0,
      personalAccessTokens: 0,
    });
    assert.deepEqual(await rowsOf(other.id), others, "another person's data is untouched");
  });

  test("afterwards every token of the person answers 401 on every endpoint", async () => {
    const p = await person();
    const fresh = (await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: p.refreshToken } })).json;
    assert.equal((await h.call("GET", "/v1/accounts", { token: p.token })).status, 200, "confirmed alive first");
    assert.equal((await deleteMe(p.token, { password: PASSWORD })).status, 204);
    const calls: Array<[string, string, unknown?]> = [
      ["GET", "/v1/me"],
      ["GET", "/v1/accounts"],
      ["GET", `/v1/accounts/${p.accountId}`],
      ["GET", "/v1/transactions"],
      ["GET", "/v1/categories"],
      ["GET", "/v1/tokens"],
      ["POST", "/v1/accounts", { name: "x", type: "checking", currency: "EUR" }],
      ["POST", "/v1/tokens", { name: "x" }],
      ["DELETE", "/v1/me", { password: PASSWORD }],
    ];
    for (const token of [p.token, fresh.accessToken, p.pat]) {
      for (const [method, path, body] of calls) {
        const res = await h.call(method, path, { token, body });
        assert.equal(res.status, 401, `${method} ${path} with ${token.slice(0, 4)}…`);
      }
    }
    const refresh = await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: fresh.refreshToken } });
    assert.equal(refresh.status, 401);
    const login = await h.call("POST", "/v1/auth/login", { body: { email: p.email, password: PASSWORD } });
    assert.equal(login.status, 401);
  });

  test("a wrong password answers 403 and deletes nothing; tries count against the login limit", async () => {
    const p = await person();
    const before = await rowsOf(p.id);
    for (let i = 0; i < 3; i++) {
      const res = await deleteMe(p.token, { password: "not the password" });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.json.code, "FORBIDDEN");
    }
    const limited = await deleteMe(p.token, { password: PASSWORD });
    assert.equal(limited.status, 429, "a stolen token can't become a password oracle");
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.deepEqual(await rowsOf(p.id), before);
  });

  test("no password, or not a string: 400 naming `password`; no token: 401", async () => {
    const p = await person();
    for (const body of [{}, { password: "" }, { password: 42 }]) {
      const res = await deleteMe(p.token, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(
        res.json.errors.map((e: { path: string }) => e.path),
        ["password"],
      );
    }
    assert.equal((await h.call("DELETE", "/v1/me", { body: { password: PASSWORD } })).status, 401);
    assert.equal((await rowsOf(p.id)).users, 1);
  });

  test("another process notices the deletion within AUTH_USER_RECHECK_SECONDS (0 here: at once)", async () => {
    const p = await person();
    // A second API process on the same database and Redis, which never saw the deletion.
    const replica = createApp({
      deps: {
        database: h.database,
        redis: h.redis,
        config: { ...h.config, auth: { ...h.config.auth, userRecheckSeconds: 0 } },
      },
      logger: createLogger({ service: "api", level: "silent" }),
      metrics: createMetrics("api"),
    });
    const onReplica = (token: string) =>
      replica.request("/v1/accounts", { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await onReplica(p.token)).status, 200);
    assert.equal((await deleteMe(p.token, { password: PASSWORD })).status, 204);
    assert.equal((await onReplica(p.token)).status, 401);
  });
});
