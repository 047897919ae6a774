import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createDatabase } from "@fincoach/db";
import { newAccount, newTx } from "../routes/transactions/test-fixtures.ts";
import { type Harness, startHarness } from "../test-support/api-harness.ts";
import { LISTENER_APPLICATION_NAME } from "./invalidation-listener.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const databaseName = () => new URL(h.database.url).pathname.slice(1);

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Kills the listener's backend, as a failover or an idle-session reaper would. */
const killListener = async () => {
  const killed = await h.database.sql`select pg_terminate_backend(pid) as ok from pg_stat_activity
    where datname = ${databaseName()} and application_name = ${LISTENER_APPLICATION_NAME}`;
  assert.equal(killed.length, 1, "one listener backend");
};

const person = async () => {
  const u = await h.newUser();
  const acc = await newAccount(h, u);
  await newTx(h, u, { accountId: acc.id, amount: "-1.00", description: "Before" });
  return u;
};

const get = (u: { token: string }) => h.call("GET", "/v1/transactions", { token: u.token, http: true });

/** GETs until one is a hit: the set-up's own notifications arrive asynchronously. */
const cached = (u: { token: string }) =>
  until("the page is cached", async () => {
    await get(u);
    const hits = h.listCache!.stats.hits;
    await get(u);
    return h.listCache!.stats.hits === hits + 1;
  });

test("a killed listener connection empties the cache; it reconnects and caches again", async () => {
  const u = await person();
  await cached(u);
  assert.ok(h.listCache!.size > 0);
  const invalidated = h.listCache!.stats.invalidated;
  await killListener();
  await until("entries were dropped", () => h.listCache!.stats.invalidated > invalidated);
  await until("the listener is back", () => h.invalidations!.connected);
  await cached(u);
});

test("while the listener cannot reconnect the cache is bypassed, and changes show at once", async () => {
  const u = await person();
  await cached(u);
  const name = databaseName();
  const adminUrl = new URL(h.database.url);
  adminUrl.pathname = "/postgres";
  const admin = createDatabase(adminUrl.toString(), { max: 1 });
  // Keep the listener out: no new connection to this database (the pool's stay open).
  await admin.sql.unsafe(`alter database "${name}" allow_connections false`);
  try {
    await killListener();
    await until("the listener noticed", () => !h.invalidations!.connected);
    assert.equal(h.listCache!.size, 0);
    const { hits, bypasses } = h.listCache!.stats;
    await h.database.sql`update transactions set description = 'While away' where user_id = ${u.id}`;
    const res = await get(u);
    assert.equal(res.json.items[0].description, "While away");
    await get(u);
    assert.equal(h.listCache!.stats.hits, hits, "no hits while disconnected");
    assert.equal(h.listCache!.stats.bypasses, bypasses + 2);
    assert.equal(h.listCache!.size, 0, "nothing stored while disconnected");
  } finally {
    await admin.sql.unsafe(`alter database "${name}" allow_connections true`);
    await admin.close();
  }
  await until("the listener is back", () => h.invalidations!.connected, 10_000);
  await cached(u);
  assert.equal((await get(u)).json.items[0].description, "While away");
});
