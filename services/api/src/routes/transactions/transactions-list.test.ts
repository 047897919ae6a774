import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { allPages, newAccount, newCategory, newTx } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const descriptions = (items: { description: string }[]) => items.map((t) => t.description);

describe("transactions list: filters", () => {
  test("every filter narrows the list; results are newest first", async () => {
    const u = await h.newUser();
    const eur = await newAccount(h, u, "EUR");
    const jpy = await newAccount(h, u, "JPY");
    const food = await newCategory(h, u, "Food");
    const fun = await newCategory(h, u, "Fun");
    await newTx(h, u, {
      accountId: eur.id,
      date: "2024-01-10",
      amount: "-20.00",
      description: "Rewe",
      categoryId: food.id,
    });
    await newTx(h, u, {
      accountId: eur.id,
      date: "2024-02-10",
      amount: "-100.00",
      description: "Cinema",
      merchant: "UCI",
    });
    await newTx(h, u, { accountId: eur.id, date: "2024-03-10", amount: "2500.00", description: "Salary" });
    await newTx(h, u, {
      accountId: jpy.id,
      date: "2024-02-20",
      amount: "-3000",
      description: "Ramen",
      notes: "Tokyo trip",
    });
    const split = await newTx(h, u, { accountId: eur.id, date: "2024-02-15", amount: "-30.00", description: "Market" });
    const put = await h.call("PUT", `/v1/transactions/${split.id}/splits`, {
      token: u.token,
      body: {
        splits: [
          { categoryId: food.id, amount: "-20.00" },
          { categoryId: fun.id, amount: "-10.00" },
        ],
      },
    });
    assert.equal(put.status, 200, put.text);

    const list = async (query: string) => {
      const res = await h.call("GET", `/v1/transactions?${query}`, { token: u.token });
      assert.equal(res.status, 200, `${query}: ${res.text}`);
      return descriptions(res.json.items);
    };
    assert.deepEqual(await list(""), ["Salary", "Ramen", "Market", "Cinema", "Rewe"]);
    assert.deepEqual(await list(`accountId=${jpy.id}`), ["Ramen"]);
    assert.deepEqual(await list(`categoryId=${food.id}`), ["Market", "Rewe"]);
    assert.deepEqual(await list(`categoryId=${fun.id}`), ["Market"]);
    assert.deepEqual(await list("from=2024-02-10&to=2024-02-20"), ["Ramen", "Market", "Cinema"]);
    assert.deepEqual(await list("from=2024-03-01"), ["Salary"]);
    assert.deepEqual(await list("to=2024-01-31"), ["Rewe"]);
    assert.deepEqual(await list("q=uci"), ["Cinema"]);
    assert.deepEqual(await list("q=TOKYO"), ["Ramen"]);
    assert.deepEqual(await list("q=rEwE"), ["Rewe"]);
    assert.deepEqual(await list(`accountId=${eur.id}&from=2024-02-01&categoryId=${fun.id}`), ["Market"]);
    const market = (await h.call("GET", `/v1/transactions?categoryId=${fun.id}`, { token: u.token })).json.items[0];
    assert.equal(market.splits.length, 2);
  });

  test("q matches literally: % and _ are not wildcards", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u);
    await newTx(h, u, { accountId: acc.id, amount: "-1.00", description: "50% off sale" });
    await newTx(h, u, { accountId: acc.id, amount: "-1.00", description: "500 off sale" });
    await newTx(h, u, { accountId: acc.id, amount: "-1.00", description: "a_b" });
    await newTx(h, u, { accountId: acc.id, amount: "-1.00", description: "axb" });
    await newTx(h, u, { accountId: acc.id, amount: "-1.00", description: "back\\slash" });
    const q = async (text: string) =>
      descriptions(
        (await h.call("GET", `/v1/transactions?q=${encodeURIComponent(text)}`, { token: u.token })).json.items,
      );
    assert.deepEqual(await q("50%"), ["50% off sale"]);
    assert.deepEqual(await q("a_b"), ["a_b"]);
    assert.deepEqual(await q("k\\s"), ["back\\slash"]);
  });

  test("minAmount/maxAmount compare signed values in each row's own currency precision", async () => {
    const u = await h.newUser();
    const eur = await newAccount(h, u, "EUR");
    const jpy = await newAccount(h, u, "JPY");
    const bhd = await newAccount(h, u, "BHD");
    await newTx(h, u, { accountId: eur.id, date: "2024-01-01", amount: "-10.01", description: "eur -10.01" });
    await newTx(h, u, { accountId: eur.id, date: "2024-01-02", amount: "-9.99", description: "eur -9.99" });
    await newTx(h, u, { accountId: eur.id, date: "2024-01-03", amount: "5.00", description: "eur 5.00" });
    await newTx(h, u, { accountId: jpy.id, date: "2024-01-04", amount: "-10", description: "jpy -10" });
    await newTx(h, u, { accountId: jpy.id, date: "2024-01-05", amount: "-11", description: "jpy -11" });
    await newTx(h, u, { accountId: bhd.id, date: "2024-01-06", amount: "-10.005", description: "bhd -10.005" });
    const list = async (query: string) =>
      descriptions((await h.call("GET", `/v1/transactions?${query}`, { token: u.token })).json.items).sort();
    assert.deepEqual(await list("minAmount=-10"), ["eur -9.99", "eur 5.00", "jpy -10"]);
    assert.deepEqual(await list("maxAmount=-10"), ["bhd -10.005", "eur -10.01", "jpy -10", "jpy -11"]);
    // -10.005 lies between EUR's -10.01 and -10.00; rounding the bound would pick the wrong side.
    assert.deepEqual(await list("minAmount=-10.005&maxAmount=-9.995"), ["bhd -10.005", "jpy -10"]);
    assert.deepEqual(await list("minAmount=-10.5&maxAmount=-9.5"), [
      "bhd -10.005",
      "eur -10.01",
      "eur -9.99",
      "jpy -10",
    ]);
    assert.deepEqual(await list(`accountId=${eur.id}&minAmount=0`), ["eur 5.00"]);
  });
});

describe("transactions list: keyset pagination", () => {
  test("250 rows on one date are each returned exactly once, ties broken by id desc", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u);
    const created = new Set<string>();
    for (let i = 0; i < 250; i++) {
      created.add((await newTx(h, u, { accountId: acc.id, date: "2024-05-05", amount: `-${i}.00` })).id);
    }
    const items = await allPages(h, u, "limit=37");
    assert.equal(items.length, 250);
    assert.deepEqual(new Set(items.map((t) => t.id)), created);
    const ids = items.map((t) => t.id);
    assert.deepEqual(ids, [...ids].sort().reverse());

    const first = await h.call("GET", "/v1/transactions", { token: u.token });
    assert.equal(first.json.items.length, 50, "limit defaults to 50");
    const exact = await h.call("GET", "/v1/transactions?limit=200", { token: u.token });
    assert.equal(exact.json.items.length, 200);
  });

  test("rows inserted between page fetches never duplicate or skip the rows that existed", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u);
    const existing = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const date = `2024-06-${String(1 + (i % 20)).padStart(2, "0")}`;
      existing.add((await newTx(h, u, { accountId: acc.id, date, amount: "-1.00" })).id);
    }
    const inserted = new Set<string>();
    const items = await allPages(h, u, "limit=7", async (page) => {
      // Newer, older and same-date rows land before, after and among the rows still to come.
      for (const date of ["2024-07-01", "2024-05-01", `2024-06-${String(20 - page).padStart(2, "0")}`]) {
        inserted.add((await newTx(h, u, { accountId: acc.id, date, amount: "-2.00" })).id);
      }
    });
    const ids = items.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, "no duplicates");
    for (const id of existing) assert.ok(ids.includes(id), `existing row ${id} was skipped`);
    assert.ok(ids.every((id) => existing.has(id) || inserted.has(id)));
  });

  test("the last page has nextCursor null; an exactly full last page does not invite an empty one", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u);
    for (let i = 0; i < 4; i++) await newTx(h, u, { accountId: acc.id, amount: "-1.00" });
    const p1 = await h.call("GET", "/v1/transactions?limit=2", { token: u.token });
    assert.ok(p1.json.nextCursor);
    const p2 = await h.call("GET", `/v1/transactions?limit=2&cursor=${p1.json.nextCursor}`, { token: u.token });
    assert.equal(p2.json.items.length, 2);
    assert.equal(p2.json.nextCursor, null);
    const none = await h.call("GET", "/v1/transactions", { token: (await h.newUser()).token });
    assert.deepEqual(none.json, { items: [], nextCursor: null });
  });
});
