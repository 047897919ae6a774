import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { personalAccessTokens } from "@fincoach/db";
import { hashToken } from "@fincoach/domain";
import { eq, sql } from "drizzle-orm";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const create = (token: string, body: unknown) => h.call("POST", "/v1/tokens", { token, body });

describe("personal access tokens: happy path", () => {
  test("create, list, use on /v1/me, delete, and it stops working", async () => {
    const u = await h.newUser();
    const created = await create(u.token, { name: " backup script " });
    assert.equal(created.status, 201);
    const t = created.json;
    assert.deepEqual(Object.keys(t).sort(), ["createdAt", "expiresAt", "id", "name", "prefix", "token"]);
    assert.equal(t.name, "backup script");
    assert.match(t.token, /^fcp_[A-Za-z0-9_-]{43}$/);
    assert.equal(t.prefix, t.token.slice(0, 12));
    assert.equal(t.expiresAt, null);

    const list = await h.call("GET", "/v1/tokens", { token: u.token });
    assert.equal(list.status, 200);
    const { token: _shownOnce, ...listed } = t;
    assert.deepEqual(list.json.items, [{ ...listed, lastUsedAt: null }]);
    assert.ok(!list.text.includes(t.token) && !list.text.includes(hashToken(t.token)));

    const me = await h.call("GET", "/v1/me", { token: t.token });
    assert.equal(me.status, 200);
    assert.equal(me.json.id, u.id);
    assert.equal((await h.call("GET", "/v1/accounts", { token: t.token })).status, 200, "any /v1 endpoint");
    const used = await h.call("GET", "/v1/tokens", { token: t.token });
    assert.ok(used.json.items[0].lastUsedAt, "lastUsedAt is recorded");

    assert.equal((await h.call("DELETE", `/v1/tokens/${t.id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", "/v1/me", { token: t.token })).status, 401);
    assert.equal((await h.call("GET", "/v1/tokens", { token: u.token })).json.items.length, 0);
  });

  test("last_used_at is written at most once a minute per token", async () => {
    const u = await h.newUser();
    const t = (await create(u.token, { name: "cron" })).json;
    const lastUsed = async () =>
      (
        await h.database.db
          .select({ at: personalAccessTokens.lastUsedAt })
          .from(personalAccessTokens)
          .where(eq(personalAccessTokens.id, t.id))
      )[0]!.at;
    assert.equal(await lastUsed(), null);
    assert.equal((await h.call("GET", "/v1/me", { token: t.token })).status, 200);
    const first = await lastUsed();
    assert.ok(first, "the first use is recorded");
    // The database clock moves on between these requests; the stored time must not.
    for (let i = 0; i < 3; i++) assert.equal((await h.call("GET", "/v1/accounts", { token: t.token })).status, 200);
    assert.deepEqual(await lastUsed(), first, "uses within the minute write nothing");
    // Seen a little over a minute ago: the next use writes again.
    await h.database.db
      .update(personalAccessTokens)
      .set({ lastUsedAt: sql`now() - interval '61 seconds'` })
      .where(eq(personalAccessTokens.id, t.id));
    const stale = await lastUsed();
    assert.equal((await h.call("GET", "/v1/me", { token: t.token })).status, 200);
    assert.ok((await lastUsed())!.getTime() > stale!.getTime() + 60_000, "updated to now");
  });

  test("only the sha256 of the token is stored", async () => {
    const u = await h.newUser();
    const t = (await create(u.token, { name: "ci" })).json;
    const [row] = await h.database.db.select().from(personalAccessTokens).where(eq(personalAccessTokens.id, t.id));
    assert.equal(row!.tokenHash, hashToken(t.token));
    assert.ok(!JSON.stringify(row).includes(t.token));
  });

  test("expiresInDays sets the expiry; an expired token answers 401", async () => {
    const u = await h.newUser();
    const t = (await create(u.token, { name: "week", expiresInDays: 7 })).json;
    const days = (Date.parse(t.expiresAt) - Date.parse(t.createdAt)) / 86_400_000;
    assert.ok(Math.abs(days - 7) < 0.01, String(days));
    assert.equal((await h.call("GET", "/v1/me", { token: t.token })).status, 200);
    await h.database.db
      .update(personalAccessTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(personalAccessTokens.id, t.id));
    assert.equal((await h.call("GET", "/v1/me", { token: t.token })).status, 401);
  });
});

describe("personal access tokens: validation", () => {
  test("bad name and expiry are named; nothing is created", async () => {
    const u = await h.newUser();
    const res = await create(u.token, { name: "  ", expiresInDays: 0 });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json.errors.map((e: { path: string }) => e.path).sort(), ["expiresInDays", "name"]);
    assert.equal((await create(u.token, { name: "x", expiresInDays: 1.5 })).status, 400);
    assert.equal((await h.call("GET", "/v1/tokens", { token: u.token })).json.items.length, 0);
  });

  test("a malformed id is 400, an unknown one 404", async () => {
    const u = await h.newUser();
    assert.equal((await h.call("DELETE", "/v1/tokens/nope", { token: u.token })).status, 400);
    const res = await h.call("DELETE", "/v1/tokens/00000000-0000-4000-8000-000000000000", { token: u.token });
    assert.equal(res.status, 404);
  });
});

describe("personal access tokens: security", () => {
  test("no token answers 401; an unknown PAT answers 401", async () => {
    assert.equal((await h.call("GET", "/v1/tokens")).status, 401);
    assert.equal((await h.call("GET", "/v1/me", { token: "fcp_notarealtoken" })).status, 401);
  });

  test("another person's token id is 404 for delete, and the token keeps working", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const t = (await create(alice.token, { name: "alice's" })).json;
    const res = await h.call("DELETE", `/v1/tokens/${t.id}`, { token: bob.token });
    assert.equal(res.status, 404);
    assert.equal((await h.call("GET", "/v1/tokens", { token: bob.token })).json.items.length, 0);
    assert.equal((await h.call("GET", "/v1/me", { token: t.token })).json.id, alice.id);
  });
});
