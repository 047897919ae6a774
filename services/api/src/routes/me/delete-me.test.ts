import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createApp } from "../../app.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  // Each test deletes its own person; 3 password tries per account, as login allows.
  // Webhooks to loopback allowed: one is made, never called.
  h = await startHarness({ LOGIN_MAX_PER_ACCOUNT: 3, LOGIN_MAX_PER_IP: 1000, WEBHOOK_ALLOW_PRIVATE: true });
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

  test("debts, plans, recurring streams, alerts, mutes, webhooks, deliveries, notification settings and nudges go too", async () => {
    const p = await person();
    const other = await person();
    const call = async (method: string, path: string, body: unknown, token = p.token) => {
      const res = await h.call(method, path, { token, body });
      assert.ok(res.status === 200 || res.status === 201, `${method} ${path}: ${res.status} ${res.text}`);
      return res.json;
    };
    for (const who of [p, other]) {
      // Subscribed first: the plan below writes its plan.changed delivery.
      await call("POST", "/v1/webhooks", { url: "http://127.0.0.1:9/hook", eventTypes: ["plan.changed"] }, who.token);
      await call(
        "POST",
        "/v1/debts",
        {
          name: "Card",
          balance: "1000.00",
          currency: "USD",
          apr: "20.00",
          minimumPayment: { kind: "fixed", amount: "50.00" },
        },
        who.token,
      );
      await call(
        "POST",
        "/v1/plans",
        { strategy: "avalanche", monthlyBudget: "200.00", startDate: "2026-01-01" },
        who.token,
      );
      await call("POST", "/v1/alerts/mutes", { kind: "large_transaction" }, who.token);
      await call(
        "PUT",
        "/v1/notifications/settings",
        { email: { enabled: true, eventTypes: ["alert.raised"] } },
        who.token,
      );
      // Raised by imports and detection, not by a request: written as those write them.
      await h.database.sql`
        insert into alerts (user_id, kind, cause_key, details)
        values (${who.id}, 'large_transaction', ${`large:${who.id}`}, '{}'::jsonb)`;
      await h.database.sql`
        insert into recurring_streams (user_id, account_id, merchant_key, direction, cadence, currency, occurrences,
          first_date, last_date, average_minor, last_amount_minor, predicted_next_date, following_date, transaction_ids)
        values (${who.id}, ${who.accountId}, 'netflix', 'outflow', 'monthly', 'EUR', 3, '2024-01-05', '2024-03-05',
          -1299, -1299, '2024-04-05', '2024-05-05', '{}'::uuid[])`;
      await h.database.sql`
        insert into nudges (user_id, kind, cause_key, facts, text, source, locale)
        values (${who.id}, 'budget_slip', ${`slip:${who.id}`}, '{}'::jsonb, 'Groceries are ahead of pace.', 'template', 'en')`;
    }
    const tables = [
      "debts",
      "plans",
      "recurring_streams",
      "alerts",
      "alert_mutes",
      "webhooks",
      "webhook_deliveries",
      "notification_settings",
      "nudges",
    ];
    const counts = async (userId: string) => {
      const out: Record<string, number> = {};
      for (const t of tables) {
        const [row] = await h.database
          .sql`select count(*)::int as n from ${h.database.sql(t)} where user_id = ${userId}`;
        out[t] = row!.n;
      }
      return out;
    };
    const before = await counts(p.id);
    assert.ok(
      Object.values(before).every((n) => n > 0),
      JSON.stringify(before),
    );
    const others = await counts(other.id);
    assert.equal((await deleteMe(p.token, { password: PASSWORD })).status, 204);
    assert.deepEqual(await counts(p.id), Object.fromEntries(tables.map((t) => [t, 0])));
    // Every table with a user_id, including any added after this test: nothing of the person's left.
    const withUserId = await h.database.sql<{ table_name: string }[]>`
      select table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'user_id'`;
    for (const { table_name } of withUserId) {
      const [row] = await h.database
        .sql`select count(*)::int as n from ${h.database.sql(table_name)} where user_id = ${p.id}`;
      assert.equal(row!.n, 0, table_name);
    }
    assert.deepEqual(await counts(other.id), others, "another person's rows are untouched");
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
