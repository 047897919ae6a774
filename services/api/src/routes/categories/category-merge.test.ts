import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { fixtures } from "./category-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof fixtures>;
before(async () => {
  h = await startHarness();
  f = fixtures(h);
});
after(() => h.close());

describe("categories: merge", () => {
  test("merging a child moves its transactions, split rows and budgets, then deletes it", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const fast = await f.categoryId(u.id, "Fast Food", "Food");
    const restaurants = await f.categoryId(u.id, "Restaurants", "Food");
    const books = await f.categoryId(u.id, "Books", "Shopping");
    const t = await f.tx({ userId: u.id, accountId: acc, date: "2024-01-02", amountMinor: -900n, categoryId: fast });
    const s = await f.splitTx({ userId: u.id, accountId: acc, date: "2024-01-03" }, [
      [fast, -100n],
      [books, -200n],
    ]);
    const budget = (period: string, categoryId: string, amount: string) =>
      h.call("POST", "/v1/budgets", { token: u.token, body: { categoryId, period, amount, currency: "EUR" } });
    const weekly = await budget("weekly", fast, "20.00");
    const sourceMonthly = await budget("monthly", fast, "80.00");
    const targetMonthly = await budget("monthly", restaurants, "150.00");

    const res = await h.call("POST", `/v1/categories/${fast}/merge`, { token: u.token, body: { intoId: restaurants } });
    assert.equal(res.status, 200);
    assert.equal(res.json.into.id, restaurants);
    assert.deepEqual(res.json.moved, { transactions: 1, splits: 1, budgets: 1 });
    assert.equal(res.json.budgetsDropped, 1);

    assert.equal(await f.txCategory(t), restaurants);
    assert.deepEqual((await f.splitCategories(s)).sort(), [books, restaurants].sort());
    assert.equal((await h.call("GET", `/v1/categories/${fast}`, { token: u.token })).status, 404);
    // The weekly budget moved; of the two monthly ones, the target's was kept.
    assert.equal(
      (await h.call("GET", `/v1/budgets/${weekly.json.id}`, { token: u.token })).json.categoryId,
      restaurants,
    );
    assert.equal((await h.call("GET", `/v1/budgets/${sourceMonthly.json.id}`, { token: u.token })).status, 404);
    const kept = await h.call("GET", `/v1/budgets/${targetMonthly.json.id}`, { token: u.token });
    assert.deepEqual([kept.json.categoryId, kept.json.amount], [restaurants, "150.00"]);
  });

  test("merging a group into a group: children move under it, or into its same-named child", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const travel = await f.categoryId(u.id, "Travel");
    const entertainment = await f.categoryId(u.id, "Entertainment");
    const flights = await f.categoryId(u.id, "Flights", "Travel");
    // A "games" child under Travel, to meet Entertainment's "Games" (names compare case-insensitively).
    const games = await h.call("POST", "/v1/categories", { token: u.token, body: { name: "games", parentId: travel } });
    const entGames = await f.categoryId(u.id, "Games", "Entertainment");
    const t1 = await f.tx({ userId: u.id, accountId: acc, date: "2024-01-02", amountMinor: -100n, categoryId: travel });
    const t2 = await f.tx({
      userId: u.id,
      accountId: acc,
      date: "2024-01-02",
      amountMinor: -200n,
      categoryId: games.json.id,
    });
    const t3 = await f.tx({
      userId: u.id,
      accountId: acc,
      date: "2024-01-02",
      amountMinor: -300n,
      categoryId: flights,
    });

    const res = await h.call("POST", `/v1/categories/${travel}/merge`, {
      token: u.token,
      body: { intoId: entertainment },
    });
    assert.equal(res.status, 200);
    assert.ok(res.json.reparented.includes(flights));
    assert.equal(await f.txCategory(t1), entertainment);
    assert.equal(await f.txCategory(t2), entGames);
    assert.equal(await f.txCategory(t3), flights);
    const movedFlights = await h.call("GET", `/v1/categories/${flights}`, { token: u.token });
    assert.equal(movedFlights.json.parentId, entertainment);
    assert.equal((await h.call("GET", `/v1/categories/${travel}`, { token: u.token })).status, 404);
    assert.equal((await h.call("GET", `/v1/categories/${games.json.id}`, { token: u.token })).status, 404);
  });

  test("merging a group into a child folds the children into it too", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const kids = await f.categoryId(u.id, "Kids");
    const toys = await f.categoryId(u.id, "Toys", "Kids");
    const gifts = await f.categoryId(u.id, "Gifts", "Shopping");
    const t = await f.tx({ userId: u.id, accountId: acc, date: "2024-01-02", amountMinor: -100n, categoryId: toys });
    const res = await h.call("POST", `/v1/categories/${kids}/merge`, { token: u.token, body: { intoId: gifts } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.reparented, []);
    assert.equal(await f.txCategory(t), gifts);
    assert.equal((await h.call("GET", `/v1/categories/${toys}`, { token: u.token })).status, 404);
  });

  test("a merge that fails half-way changes nothing", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const hair = await f.categoryId(u.id, "Hair", "Personal Care");
    const spa = await f.categoryId(u.id, "Spa & Massage", "Personal Care");
    const t = await f.tx({ userId: u.id, accountId: acc, date: "2024-01-02", amountMinor: -100n, categoryId: hair });
    const b = await h.call("POST", "/v1/budgets", {
      token: u.token,
      body: { categoryId: hair, period: "monthly", amount: "30.00", currency: "EUR" },
    });
    // Make the final step (deleting the source) fail after everything else has moved.
    await h.database.sql.unsafe(`
      create function refuse_delete() returns trigger language plpgsql as $$
        begin raise exception 'refused'; end $$;
      create trigger refuse_hair before delete on categories
        for each row when (old.id = '${hair}') execute function refuse_delete();`);
    try {
      const res = await h.call("POST", `/v1/categories/${hair}/merge`, { token: u.token, body: { intoId: spa } });
      assert.equal(res.status, 500);
    } finally {
      await h.database.sql.unsafe("drop trigger refuse_hair on categories; drop function refuse_delete();");
    }
    assert.equal(await f.txCategory(t), hair);
    assert.equal((await h.call("GET", `/v1/budgets/${b.json.id}`, { token: u.token })).json.categoryId, hair);
    assert.equal((await h.call("GET", `/v1/categories/${hair}`, { token: u.token })).status, 200);
  });
});
