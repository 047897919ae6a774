import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { ruleFixtures } from "./rule-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof ruleFixtures>;
before(async () => {
  h = await startHarness();
  f = ruleFixtures(h);
});
after(() => h.close());

describe("rules: security", () => {
  test("no token answers 401", async () => {
    assert.equal((await h.call("GET", "/v1/rules")).status, 401);
    assert.equal(
      (await h.call("POST", "/v1/rules/dry-run", { body: { conditions: { direction: "in" } } })).status,
      401,
    );
  });

  test("another person's rule answers 404 everywhere and stays intact", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const acc = await f.account(alice.id);
    const groceries = await f.categoryId(alice.id, "Groceries", "Food");
    const rule = await f.newRule(alice, { conditions: { descriptionContains: "rewe" }, categoryId: groceries });
    const t = await f.tx({ userId: alice.id, accountId: acc, amountMinor: -100n, description: "REWE" });
    const before = (await h.call("GET", `/v1/rules/${rule.id}`, { token: alice.token })).json;
    for (const [method, path, body] of [
      ["GET", ""],
      ["PATCH", "", { name: "mine", position: 0 }],
      ["DELETE", ""],
      ["POST", "/apply"],
      ["POST", "/dry-run"],
    ] as const) {
      const res = await h.call(method, `/v1/rules/${rule.id}${path}`, { token: bob.token, body });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.deepEqual((await h.call("GET", "/v1/rules", { token: bob.token })).json.items, []);
    assert.deepEqual((await h.call("GET", `/v1/rules/${rule.id}`, { token: alice.token })).json, before);
    assert.deepEqual(await f.txRow(t), { categoryId: null, tags: [] }, "bob's apply changed nothing");
  });

  test("apply and dry run never see another person's transactions", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const aliceAcc = await f.account(alice.id);
    const bobAcc = await f.account(bob.id);
    const bobGroceries = await f.categoryId(bob.id, "Groceries", "Food");
    const aliceTx = await f.tx({ userId: alice.id, accountId: aliceAcc, amountMinor: -100n, description: "REWE" });
    const bobTx = await f.tx({ userId: bob.id, accountId: bobAcc, amountMinor: -100n, description: "REWE" });
    const rule = await f.newRule(bob, { conditions: { descriptionContains: "rewe" }, categoryId: bobGroceries });
    const dry = await h.call("POST", `/v1/rules/${rule.id}/dry-run`, { token: bob.token });
    assert.deepEqual(
      dry.json.items.map((i: { id: string }) => i.id),
      [bobTx],
    );
    const applied = await h.call("POST", `/v1/rules/${rule.id}/apply`, { token: bob.token });
    assert.deepEqual(applied.json, { matched: 1, changed: 1 });
    assert.deepEqual(await f.txRow(aliceTx), { categoryId: null, tags: [] });
    assert.equal((await f.txRow(bobTx)).categoryId, bobGroceries);
  });

  test("another person's category or account answers 404 naming the field, in rules and drafts", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const aliceAcc = await f.account(alice.id);
    const aliceGroceries = await f.categoryId(alice.id, "Groceries", "Food");
    const bobRule = await f.newRule(bob, { conditions: { direction: "out" }, tags: ["t"] });
    const attempts = [
      ["POST", "/v1/rules", { name: "r", conditions: { direction: "out" }, categoryId: aliceGroceries }, "categoryId"],
      ["POST", "/v1/rules", { name: "r", conditions: { accountId: aliceAcc }, tags: ["t"] }, "conditions.accountId"],
      ["POST", "/v1/rules/dry-run", { conditions: { accountId: aliceAcc }, tags: ["t"] }, "conditions.accountId"],
      ["POST", "/v1/rules/dry-run", { conditions: { direction: "out" }, categoryId: aliceGroceries }, "categoryId"],
      ["PATCH", `/v1/rules/${bobRule.id}`, { categoryId: aliceGroceries }, "categoryId"],
      ["PATCH", `/v1/rules/${bobRule.id}`, { conditions: { accountId: aliceAcc } }, "conditions.accountId"],
    ] as const;
    for (const [method, path, body, field] of attempts) {
      const res = await h.call(method, path, { token: bob.token, body });
      assert.deepEqual([res.status, res.json.errors?.[0]?.path], [404, field], `${method} ${path} ${field}`);
    }
    const [only] = (await h.call("GET", "/v1/rules", { token: bob.token })).json.items;
    assert.deepEqual([only.categoryId, only.conditions], [null, { direction: "out" }]);
  });

  test("deleting a category leaves the rule, without its category; an inert rule matches but changes nothing", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const custom = await h.call("POST", "/v1/categories", {
      token: u.token,
      body: { name: "Coffee", kind: "expense" },
    });
    assert.equal(custom.status, 201, JSON.stringify(custom.json));
    const rule = await f.newRule(u, { conditions: { descriptionContains: "cafe" }, categoryId: custom.json.id });
    await f.tx({ userId: u.id, accountId: acc, amountMinor: -300n, description: "Cafe" });
    assert.equal((await h.call("DELETE", `/v1/categories/${custom.json.id}`, { token: u.token })).status, 204);
    const after = await h.call("GET", `/v1/rules/${rule.id}`, { token: u.token });
    assert.deepEqual([after.status, after.json.categoryId], [200, null]);
    assert.deepEqual((await h.call("POST", `/v1/rules/${rule.id}/apply`, { token: u.token })).json, {
      matched: 1,
      changed: 0,
    });
  });

  test("merging a category moves the rules that file into it", async () => {
    const u = await f.seededUser();
    const fast = await f.categoryId(u.id, "Fast Food", "Food");
    const restaurants = await f.categoryId(u.id, "Restaurants", "Food");
    const rule = await f.newRule(u, { conditions: { descriptionContains: "burger" }, categoryId: fast });
    const merged = await h.call("POST", `/v1/categories/${fast}/merge`, {
      token: u.token,
      body: { intoId: restaurants },
    });
    assert.equal(merged.status, 200, JSON.stringify(merged.json));
    assert.equal((await h.call("GET", `/v1/rules/${rule.id}`, { token: u.token })).json.categoryId, restaurants);
  });
});
