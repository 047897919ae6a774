import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eventually } from "@fincoach/testing";
import { signAccessToken } from "../auth/access-token.ts";
import { newAccount, newCategory, newTx, type TestUser } from "../routes/transactions/test-fixtures.ts";
import { type Harness, startHarness } from "../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const stats = () => ({ ...h.listCache!.stats });
type Item = { id: string; description: string; categoryId: string | null; amount: string; splits: unknown[] };

/** Over HTTP, as served: cache hits are answered ahead of Hono there (serve-hits-first.ts). */
const list = async (u: TestUser, query = "", headers: Record<string, string> = {}) => {
  const res = await h.call("GET", `/v1/transactions${query}`, { token: u.token, headers, http: true });
  return { ...res, items: (res.json?.items ?? []) as Item[] };
};

/**
 * GETs the page until a GET is a cache hit. Not at once: the notifications of the set-up's
 * own writes arrive asynchronously, and each evicts the page.
 */
const warm = (u: TestUser, query = "") =>
  eventually(async () => {
    await list(u, query);
    const before = stats().hits;
    const res = await list(u, query);
    assert.equal(res.status, 200, res.text);
    assert.equal(stats().hits, before + 1, "the second GET was a cache hit");
    return res;
  });

const person = async () => {
  const u = await h.newUser();
  const acc = await newAccount(h, u);
  const tx = (await newTx(h, u, { accountId: acc.id, amount: "-10.00", description: "Coffee" })) as Item;
  return { u, acc, tx };
};

describe("list cache: reads", () => {
  test("a second identical GET is served from the cache, byte for byte", async () => {
    const { u } = await person();
    const first = await warm(u);
    const hits = stats().hits;
    const second = await list(u, "?limit=50"); // limit's default: the same canonical query
    assert.equal(stats().hits, hits + 1);
    assert.equal(second.text, first.text);
    assert.equal(second.headers.get("etag"), first.headers.get("etag"));
    assert.match(second.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(second.headers.get("cache-control"), "private, no-cache");
    const metrics = await h.metrics.registry.metrics();
    assert.match(metrics, /list_cache_lookups_total\{result="hit",service="api"\} [1-9]/);
  });

  test("a hit answered ahead of Hono is the response Hono gives", async () => {
    const { u } = await person();
    await warm(u, "?limit=10&q=coff"); // validated by the route, then remembered
    assert.ok(h.listCache!.keyOfQuery("/v1/transactions?limit=10&q=coff"));
    const hits = stats().hits;
    const answered = h.answeredAhead();
    const ahead = await list(u, "?limit=10&q=coff");
    assert.equal(h.answeredAhead(), answered + 1, "answered ahead of Hono");
    // A token the API hasn't verified yet can't be answered ahead of Hono: Hono verifies it,
    // then serves the same cached page.
    const unverified = await signAccessToken(h.config.auth.jwtSecret, u.id, 901);
    const viaHono = await list({ ...u, token: unverified }, "?limit=10&q=coff");
    assert.equal(h.answeredAhead(), answered + 1, "answered by Hono");
    assert.equal(stats().hits, hits + 2);
    assert.equal(ahead.text, viaHono.text);
    for (const name of ["etag", "cache-control", "content-type", "content-length"]) {
      assert.equal(ahead.headers.get(name), viaHono.headers.get(name), name);
    }
    assert.ok(ahead.headers.get("x-request-id"));
    assert.equal((await list(u, "?limit=10&q=coff", { "if-none-match": ahead.headers.get("etag")! })).status, 304);
  });

  test("an invalid query string is never remembered: it is validated, and refused, every time", async () => {
    const { u } = await person();
    for (let i = 0; i < 2; i++) {
      const res = await list(u, "?limit=0");
      assert.equal(res.status, 400, res.text);
      assert.match(res.text, /limit/);
    }
    assert.equal(h.listCache!.keyOfQuery("/v1/transactions?limit=0"), undefined);
  });

  test("another query of the same person is another entry", async () => {
    const { u } = await person();
    await warm(u);
    const misses = stats().misses;
    await list(u, "?limit=1");
    assert.equal(stats().misses, misses + 1);
  });

  test("two people never see each other's cached page", async () => {
    const a = await person();
    const b = await person();
    const pageA = await warm(a.u);
    const pageB = await list(b.u);
    assert.deepEqual(
      pageB.items.map((i) => i.id),
      [b.tx.id],
    );
    assert.deepEqual(
      pageA.items.map((i) => i.id),
      [a.tx.id],
    );
    assert.deepEqual(
      (await list(a.u)).items.map((i) => i.id),
      [a.tx.id],
    );
  });

  test("If-None-Match with the current ETag answers 304 without a body; a changed page answers 200", async () => {
    const { u, tx } = await person();
    const first = await list(u);
    const etag = first.headers.get("etag")!;
    assert.match(etag, /^"[\w-]+"$/);
    const same = await list(u, "", { "if-none-match": etag });
    assert.equal(same.status, 304);
    assert.equal(same.text, "");
    assert.equal(same.headers.get("etag"), etag);
    assert.equal((await list(u, "", { "if-none-match": `"other", W/${etag}` })).status, 304);
    await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body: { description: "Tea" } });
    const changed = await list(u, "", { "if-none-match": etag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get("etag"), etag);
    assert.equal(changed.items[0]?.description, "Tea");
  });
});

describe("list cache: the API's own writes show on the next GET", () => {
  test("POST, PATCH, DELETE", async () => {
    const { u, acc, tx } = await person();
    await warm(u);
    const added = (await newTx(h, u, { accountId: acc.id, amount: "-2.00", description: "Bun" })) as Item;
    assert.deepEqual((await list(u)).items.map((i) => i.id).sort(), [tx.id, added.id].sort());
    await warm(u);
    await h.call("PATCH", `/v1/transactions/${added.id}`, { token: u.token, body: { description: "Cake" } });
    assert.ok((await list(u)).items.some((i) => i.description === "Cake"));
    await warm(u);
    assert.equal((await h.call("DELETE", `/v1/transactions/${added.id}`, { token: u.token })).status, 204);
    assert.deepEqual(
      (await list(u)).items.map((i) => i.id),
      [tx.id],
    );
  });

  test("bulk recategorize, split, category merge", async () => {
    const { u, tx } = await person();
    const food = await newCategory(h, u, "Food");
    const drinks = await newCategory(h, u, "Drinks");
    await warm(u);
    const bulk = await h.call("POST", "/v1/transactions/bulk-recategorize", {
      token: u.token,
      body: { ids: [tx.id], categoryId: food.id },
    });
    assert.equal(bulk.status, 200, bulk.text);
    assert.equal((await list(u)).items[0]?.categoryId, food.id);

    await warm(u);
    const merge = await h.call("POST", `/v1/categories/${food.id}/merge`, {
      token: u.token,
      body: { intoId: drinks.id },
    });
    assert.equal(merge.status, 200, merge.text);
    assert.equal((await list(u)).items[0]?.categoryId, drinks.id);

    await warm(u);
    const split = await h.call("PUT", `/v1/transactions/${tx.id}/splits`, {
      token: u.token,
      body: {
        splits: [
          { categoryId: drinks.id, amount: "-4.00" },
          { categoryId: drinks.id, amount: "-6.00" },
        ],
      },
    });
    assert.equal(split.status, 200, split.text);
    assert.equal((await list(u)).items[0]?.splits.length, 2);
  });

  test("a statement import", async () => {
    const { u, acc } = await person();
    await warm(u);
    const form = new FormData();
    form.set("file", new File(["date,amount,description\n2024-05-01,-3.00,Imported row\n"], "s.csv"));
    form.set("accountId", acc.id);
    const res = await h.call("POST", "/v1/imports", { token: u.token, body: form });
    assert.equal(res.status, 201, res.text);
    assert.ok((await list(u)).items.some((i) => i.description === "Imported row"));
  });
});

describe("list cache: writes outside the API, reported by the database", () => {
  test("a direct SQL write on another connection shows once its notification arrives", async () => {
    const { u, tx } = await person();
    await warm(u);
    await h.database.sql`update transactions set description = 'Written by a worker' where id = ${tx.id}`;
    await eventually(async () => {
      assert.equal((await list(u)).items[0]?.description, "Written by a worker");
    });
  });

  test("a rolled-back write invalidates nothing", async () => {
    const a = await person();
    const marker = await person();
    await warm(a.u);
    await warm(marker.u);
    await h.database.sql
      .begin(async (sql) => {
        await sql`update transactions set description = 'never' where id = ${a.tx.id}`;
        throw new Error("roll back");
      })
      .catch(() => {});
    // Notifications arrive in commit order: once the marker's has, the rolled-back one had its chance.
    await h.database.sql`update transactions set description = 'marker' where id = ${marker.tx.id}`;
    await eventually(async () => {
      assert.equal((await list(marker.u)).items[0]?.description, "marker");
    });
    const hits = stats().hits;
    assert.equal((await list(a.u)).items[0]?.description, "Coffee");
    assert.equal(stats().hits, hits + 1, "still served from the cache");
  });
});

describe("list cache: turned off", () => {
  test("LIST_CACHE_MB=0 serves every GET from the database, without ETag", async () => {
    const off = await startHarness({ LIST_CACHE_MB: 0 });
    try {
      assert.equal(off.listCache, undefined);
      const u = await off.newUser();
      const acc = await newAccount(off, u);
      await newTx(off, u, { accountId: acc.id, amount: "-1.00", description: "First" });
      const first = await off.call("GET", "/v1/transactions", { token: u.token });
      assert.equal(first.status, 200);
      assert.equal(first.headers.get("etag"), null);
      await off.database.sql`update transactions set description = 'Changed' where user_id = ${u.id}`;
      // No waiting: nothing is cached, so the change shows at once.
      const second = await off.call("GET", "/v1/transactions", { token: u.token });
      assert.equal(second.json.items[0].description, "Changed");
      assert.doesNotMatch(await off.metrics.registry.metrics(), /list_cache_/);
    } finally {
      await off.close();
    }
  });
});
