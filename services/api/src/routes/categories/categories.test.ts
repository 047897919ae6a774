import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_TAXONOMY } from "@fincoach/domain";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { fixtures } from "./category-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof fixtures>;
before(async () => {
  h = await startHarness();
  f = fixtures(h);
});
after(() => h.close());

type Cat = { id: string; name: string; kind: string; parentId: string | null; children?: Cat[] };

describe("categories: default taxonomy", () => {
  test("a seeded person has every default group and child, flat and as a tree", async () => {
    const u = await f.seededUser();
    const flat = await h.call("GET", "/v1/categories", { token: u.token });
    assert.equal(flat.status, 200);
    const expected = DEFAULT_TAXONOMY.reduce((n, g) => n + 1 + g.children.length, 0);
    assert.equal(flat.json.items.length, expected);

    const tree = await h.call("GET", "/v1/categories?tree=true", { token: u.token });
    const groups: Cat[] = tree.json.items;
    assert.equal(groups.length, DEFAULT_TAXONOMY.length);
    const food = groups.find((g) => g.name === "Food")!;
    assert.equal(food.parentId, null);
    assert.ok(food.children!.some((c) => c.name === "Groceries" && c.kind === "expense" && c.parentId === food.id));
    const transfers = groups.find((g) => g.name === "Transfers")!;
    assert.ok(transfers.children!.every((c) => c.kind === "transfer"));
  });
});

describe("categories: CRUD", () => {
  test("create a group and a child, read, rename, move, promote, delete", async () => {
    const u = await h.newUser();
    const pets = await h.call("POST", "/v1/categories", { token: u.token, body: { name: "Pets" } });
    assert.equal(pets.status, 201);
    assert.deepEqual([pets.json.kind, pets.json.parentId], ["expense", null]);
    const side = await h.call("POST", "/v1/categories", {
      token: u.token,
      body: { name: "Side jobs", kind: "income" },
    });
    const vet = await h.call("POST", "/v1/categories", {
      token: u.token,
      body: { name: "Vet", parentId: pets.json.id },
    });
    assert.deepEqual([vet.json.kind, vet.json.parentId], ["expense", pets.json.id]);

    const got = await h.call("GET", `/v1/categories/${vet.json.id}`, { token: u.token });
    assert.equal(got.json.name, "Vet");

    const renamed = await h.call("PATCH", `/v1/categories/${vet.json.id}`, {
      token: u.token,
      body: { name: "Vet bills" },
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.json.name, "Vet bills");

    // Moving under an income group adopts its kind.
    const moved = await h.call("PATCH", `/v1/categories/${vet.json.id}`, {
      token: u.token,
      body: { parentId: side.json.id },
    });
    assert.deepEqual([moved.json.parentId, moved.json.kind], [side.json.id, "income"]);

    const promoted = await h.call("PATCH", `/v1/categories/${vet.json.id}`, {
      token: u.token,
      body: { parentId: null },
    });
    assert.deepEqual([promoted.json.parentId, promoted.json.kind], [null, "income"]);

    assert.equal((await h.call("DELETE", `/v1/categories/${vet.json.id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/categories/${vet.json.id}`, { token: u.token })).status, 404);
  });

  test("changing a group's kind changes its children's", async () => {
    const u = await h.newUser();
    const g = await h.call("POST", "/v1/categories", { token: u.token, body: { name: "Savings" } });
    const c = await h.call("POST", "/v1/categories", { token: u.token, body: { name: "ISA", parentId: g.json.id } });
    await h.call("PATCH", `/v1/categories/${g.json.id}`, { token: u.token, body: { kind: "transfer" } });
    assert.equal((await h.call("GET", `/v1/categories/${c.json.id}`, { token: u.token })).json.kind, "transfer");
  });

  test("deleting a group deletes its children; their transactions become uncategorized", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const food = await f.categoryId(u.id, "Food");
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const t = await f.tx({
      userId: u.id,
      accountId: acc,
      date: "2024-01-02",
      amountMinor: -500n,
      categoryId: groceries,
    });
    assert.equal((await h.call("DELETE", `/v1/categories/${food}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/categories/${groceries}`, { token: u.token })).status, 404);
    assert.equal(await f.txCategory(t), null);
  });

  test("deleting with reassignTo moves transactions and split rows first", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const coffee = await f.categoryId(u.id, "Coffee Shops", "Food");
    const restaurants = await f.categoryId(u.id, "Restaurants", "Food");
    const books = await f.categoryId(u.id, "Books", "Shopping");
    const t = await f.tx({ userId: u.id, accountId: acc, date: "2024-01-02", amountMinor: -350n, categoryId: coffee });
    const s = await f.splitTx({ userId: u.id, accountId: acc, date: "2024-01-03" }, [
      [coffee, -200n],
      [books, -800n],
    ]);
    const res = await h.call("DELETE", `/v1/categories/${coffee}?reassignTo=${restaurants}`, { token: u.token });
    assert.equal(res.status, 204);
    assert.equal(await f.txCategory(t), restaurants);
    assert.deepEqual((await f.splitCategories(s)).sort(), [books, restaurants].sort());
  });
});
