import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cacheKeyOf } from "./cache-key.ts";
import { type CachedPage, createPageCache } from "./page-cache.ts";

const page = (text: string): CachedPage => ({ body: Buffer.from(text), etag: `"${text.length}"` });
const live = (maxBytes = 1_000_000) => {
  const cache = createPageCache({ maxBytes });
  cache.resume();
  return cache;
};
const fill = (cache: ReturnType<typeof live>, userId: string, key: string, p: CachedPage) => {
  const ticket = cache.ticket(userId, key);
  assert.ok(ticket);
  cache.put(ticket, p);
};

describe("page cache", () => {
  test("stores and returns a person's page; counts hits and misses", () => {
    const cache = live();
    assert.equal(cache.get("u1", "k"), undefined);
    fill(cache, "u1", "k", page("one"));
    assert.equal(Buffer.from(cache.get("u1", "k")!.body).toString(), "one");
    assert.equal(cache.get("u2", "k"), undefined, "another person's page under the same query");
    assert.deepEqual([cache.stats.hits, cache.stats.misses], [1, 2]);
  });

  test("stays under its byte bound by dropping the least recently used page", () => {
    const body = "x".repeat(1_000);
    const cache = live(3_000); // two pages of ~1,200 bytes with overhead fit, three do not
    fill(cache, "u", "a", page(body));
    fill(cache, "u", "b", page(body));
    cache.get("u", "a"); // b is now the least recently used
    fill(cache, "u", "c", page(body));
    assert.ok(cache.bytes <= 3_000);
    assert.ok(cache.get("u", "a"));
    assert.equal(cache.get("u", "b"), undefined);
    assert.ok(cache.get("u", "c"));
    assert.equal(cache.stats.evictedForSpace, 1);
  });

  test("never stores a page larger than the whole cache", () => {
    const cache = live(500);
    fill(cache, "u", "a", page("x".repeat(600)));
    assert.equal(cache.size, 0);
  });

  test("evictUser drops that person's pages only", () => {
    const cache = live();
    fill(cache, "u1", "a", page("1a"));
    fill(cache, "u1", "b", page("1b"));
    fill(cache, "u2", "a", page("2a"));
    cache.evictUser("u1");
    assert.equal(cache.get("u1", "a"), undefined);
    assert.equal(cache.get("u1", "b"), undefined);
    assert.ok(cache.get("u2", "a"));
    assert.equal(cache.stats.invalidated, 2);
  });

  test("a page read before the person's data changed is not stored", () => {
    const cache = live();
    const ticket = cache.ticket("u1", "a")!;
    cache.evictUser("u1"); // the change's notification arrives while the page is being built
    cache.put(ticket, page("stale"));
    assert.equal(cache.get("u1", "a"), undefined);
    const cleared = cache.ticket("u2", "a")!;
    cache.clear();
    cache.put(cleared, page("stale"));
    assert.equal(cache.get("u2", "a"), undefined);
  });

  test("suspended: neither read nor filled, and emptied; resume starts empty", () => {
    const cache = live();
    fill(cache, "u", "a", page("a"));
    const ticket = cache.ticket("u", "b")!;
    cache.suspend();
    assert.equal(cache.size, 0);
    assert.equal(cache.ticket("u", "b"), undefined);
    cache.put(ticket, page("b"));
    assert.equal(cache.get("u", "b"), undefined);
    assert.equal(cache.stats.bypasses, 1);
    cache.resume();
    assert.equal(cache.get("u", "a"), undefined, "nothing from before the suspension");
    cache.put(ticket, page("b"));
    assert.equal(cache.size, 0, "a ticket from before the suspension stays void");
  });

  test("hit counts a hit and nothing else: a miss is left for get to count", () => {
    const cache = live();
    assert.equal(cache.hit("u", "a"), undefined);
    assert.deepEqual([cache.stats.hits, cache.stats.misses], [0, 0]);
    fill(cache, "u", "a", page("a"));
    assert.ok(cache.hit("u", "a"));
    assert.equal(cache.stats.hits, 1);
  });

  test("remembers query strings by canonical key: at most 1,024, least recently used out, none over 512 characters", () => {
    const cache = live();
    cache.rememberQuery("/l?q=x&limit=50", "k1");
    cache.rememberQuery("/l?cold", "cold");
    assert.equal(cache.keyOfQuery("/l?q=x&limit=50"), "k1");
    assert.equal(cache.keyOfQuery("/l?limit=50&q=x"), undefined, "only the exact string sent");
    cache.rememberQuery(`/l?q=${"x".repeat(600)}`, "long");
    assert.equal(cache.keyOfQuery(`/l?q=${"x".repeat(600)}`), undefined);
    for (let i = 0; i < 1_023; i++) cache.rememberQuery(`/l?cursor=${i}`, `c${i}`);
    assert.equal(cache.keyOfQuery("/l?cold"), undefined, "the least recently used made room");
    assert.equal(cache.keyOfQuery("/l?q=x&limit=50"), "k1", "a string in use stays");
    assert.equal(cache.keyOfQuery("/l?cursor=1022"), "c1022");
  });

  test("starts suspended", () => {
    const cache = createPageCache({ maxBytes: 1_000 });
    assert.equal(cache.live, false);
    assert.equal(cache.ticket("u", "a"), undefined);
  });
});

describe("cache key", () => {
  test("parameter order and absent parameters do not matter; values do", () => {
    assert.equal(cacheKeyOf({ limit: 50, q: "x" }), cacheKeyOf({ q: "x", limit: 50, from: undefined }));
    assert.notEqual(cacheKeyOf({ limit: 50, q: "x" }), cacheKeyOf({ limit: 50, q: "y" }));
    assert.notEqual(cacheKeyOf({ limit: 50 }), cacheKeyOf({ limit: 5, cursor: "0" }));
  });
});
