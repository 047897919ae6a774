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

describe("categories: security", () => {
  test("no token answers 401", async () => {
    assert.equal((await h.call("GET", "/v1/categories")).status, 401);
  });

  test("another person's category is 404 on every endpoint, and stays intact", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const aliceFood = await f.categoryId(alice.id, "Food");
    const bobFood = await f.categoryId(bob.id, "Food");
    const calls = [
      ["GET", `/v1/categories/${aliceFood}`],
      ["PATCH", `/v1/categories/${aliceFood}`, { name: "pwned" }],
      ["DELETE", `/v1/categories/${aliceFood}`],
      ["POST", `/v1/categories/${aliceFood}/merge`, { intoId: bobFood }],
    ] as const;
    for (const [method, path, body] of calls) {
      const res = await h.call(method, path, { token: bob.token, body });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.equal((await h.call("GET", `/v1/categories/${aliceFood}`, { token: alice.token })).json.name, "Food");
    const bobs = (await h.call("GET", "/v1/categories", { token: bob.token })).json.items as { id: string }[];
    assert.ok(!bobs.some((c) => c.id === aliceFood));
  });

  test("another person's id in a body or query answers 404 naming the field, and links nothing", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const acc = await f.account(bob.id);
    const aliceFood = await f.categoryId(alice.id, "Food");
    const bobGroceries = await f.categoryId(bob.id, "Groceries", "Food");
    const t = await f.tx({
      userId: bob.id,
      accountId: acc,
      date: "2024-01-02",
      amountMinor: -1n,
      categoryId: bobGroceries,
    });
    const named = (res: { status: number; json: { errors?: { path: string }[] } }, field: string) => {
      assert.equal(res.status, 404);
      assert.deepEqual(
        res.json.errors?.map((e) => e.path),
        [field],
      );
    };

    named(
      await h.call("POST", "/v1/categories", { token: bob.token, body: { name: "X", parentId: aliceFood } }),
      "parentId",
    );
    named(
      await h.call("PATCH", `/v1/categories/${bobGroceries}`, { token: bob.token, body: { parentId: aliceFood } }),
      "parentId",
    );
    named(
      await h.call("POST", `/v1/categories/${bobGroceries}/merge`, { token: bob.token, body: { intoId: aliceFood } }),
      "intoId",
    );
    named(
      await h.call("DELETE", `/v1/categories/${bobGroceries}?reassignTo=${aliceFood}`, { token: bob.token }),
      "reassignTo",
    );

    assert.equal(await f.txCategory(t), bobGroceries);
    const still = await h.call("GET", `/v1/categories/${bobGroceries}`, { token: bob.token });
    assert.equal(still.json.parentId, await f.categoryId(bob.id, "Food"));
    const aliceTree = await h.call("GET", "/v1/categories?tree=true", { token: alice.token });
    const food = aliceTree.json.items.find((g: { id: string }) => g.id === aliceFood);
    assert.ok(!food.children.some((c: { name: string }) => c.name === "X"));
  });
});
