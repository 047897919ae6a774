import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createLiveUsers, type LiveUsersOptions } from "./live-users.ts";

/** People in a Set standing for the users table, and a count of lookups. */
const world = (o: Partial<LiveUsersOptions> = {}) => {
  const people = new Set(["ada", "bob"]);
  let lookups = 0;
  let clock = 1_000_000;
  const live = createLiveUsers({
    exists: async (id) => {
      lookups++;
      return people.has(id);
    },
    ttlMs: 30_000,
    now: () => clock,
    ...o,
  });
  return {
    live,
    people,
    lookups: () => lookups,
    tick: (ms: number) => {
      clock += ms;
    },
  };
};

describe("live users", () => {
  test("a confirmation is trusted for ttl, then asked again", async () => {
    const w = world();
    assert.equal(w.live.isLive("ada"), false, "never asked");
    assert.equal(await w.live.confirm("ada"), true);
    assert.equal(await w.live.confirm("ada"), true);
    assert.equal(w.lookups(), 1);
    w.tick(29_999);
    assert.equal(w.live.isLive("ada"), true);
    w.tick(1);
    assert.equal(w.live.isLive("ada"), false);
    // Deleted elsewhere (another replica): noticed at the next lookup, at most ttl later.
    w.people.delete("ada");
    assert.equal(await w.live.confirm("ada"), false);
    assert.equal(w.lookups(), 2);
  });

  test("forget takes effect at once, and a person found missing stays gone without asking", async () => {
    const w = world();
    await w.live.confirm("bob");
    w.live.forget("bob");
    assert.equal(w.live.isLive("bob"), false);
    assert.equal(await w.live.confirm("bob"), false);
    assert.equal(await w.live.confirm("nobody"), false);
    assert.equal(await w.live.confirm("nobody"), false);
    assert.equal(w.lookups(), 2, "bob once, nobody once");
  });

  test("a lookup running when the person is forgotten can't bring them back", async () => {
    const w = world();
    const pending = w.live.confirm("ada");
    w.live.forget("ada");
    assert.equal(await pending, false);
    assert.equal(w.live.isLive("ada"), false);
  });

  test("concurrent confirmations of one person share one lookup", async () => {
    const w = world();
    const answers = await Promise.all(Array.from({ length: 5 }, () => w.live.confirm("ada")));
    assert.deepEqual(answers, [true, true, true, true, true]);
    assert.equal(w.lookups(), 1);
  });

  test("ttl 0 asks every time; memory is bounded; bad options throw", async () => {
    const w = world({ ttlMs: 0 });
    await w.live.confirm("ada");
    await w.live.confirm("ada");
    assert.equal(w.lookups(), 2);
    const small = world({ maxEntries: 1 });
    await small.live.confirm("ada");
    await small.live.confirm("bob");
    assert.equal(small.live.isLive("ada"), false, "the oldest was forgotten");
    assert.equal(small.live.isLive("bob"), true);
    assert.throws(() => world({ ttlMs: -1 }), /ttlMs/);
    assert.throws(() => world({ maxEntries: 0 }), /maxEntries/);
  });
});
