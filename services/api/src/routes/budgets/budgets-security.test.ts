import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { fixtures } from "../categories/category-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof fixtures>;
before(async () => {
  h = await startHarness();
  f = fixtures(h);
});
after(() => h.close());

describe("budgets: security", () => {
  test("no token answers 401", async () => {
    assert.equal((await h.call("GET", "/v1/budgets")).status, 401);
  });

  test("another person's budget is 404 for read, patch and delete, and stays intact", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const groceries = await f.categoryId(alice.id, "Groceries", "Food");
    const b = await h.call("POST", "/v1/budgets", {
      token: alice.token,
      body: { categoryId: groceries, period: "monthly", amount: "10", currency: "EUR" },
    });
    for (const [method, body] of [["GET"], ["PATCH", { amount: "1" }], ["DELETE"]] as const) {
      const res = await h.call(method, `/v1/budgets/${b.json.id}`, { token: bob.token, body });
      assert.equal(res.status, 404, method);
    }
    assert.equal((await h.call("GET", "/v1/budgets", { token: bob.token })).json.items.length, 0);
    assert.equal((await h.call("GET", `/v1/budgets/${b.json.id}`, { token: alice.token })).json.amount, "10.00");
  });

  test("another person's categoryId answers 404 naming it, and links nothing", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const aliceGroceries = await f.categoryId(alice.id, "Groceries", "Food");
    const bobGroceries = await f.categoryId(bob.id, "Groceries", "Food");
    const created = await h.call("POST", "/v1/budgets", {
      token: bob.token,
      body: { categoryId: aliceGroceries, period: "monthly", amount: "10", currency: "EUR" },
    });
    assert.deepEqual([created.status, created.json.errors?.[0]?.path], [404, "categoryId"]);
    const own = await h.call("POST", "/v1/budgets", {
      token: bob.token,
      body: { categoryId: bobGroceries, period: "monthly", amount: "10", currency: "EUR" },
    });
    const moved = await h.call("PATCH", `/v1/budgets/${own.json.id}`, {
      token: bob.token,
      body: { categoryId: aliceGroceries },
    });
    assert.deepEqual([moved.status, moved.json.errors?.[0]?.path], [404, "categoryId"]);
    assert.equal(
      (await h.call("GET", `/v1/budgets/${own.json.id}`, { token: bob.token })).json.categoryId,
      bobGroceries,
    );
  });

  test("someone else's transactions never count, even if they point at my category", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const aliceAcc = await f.account(alice.id);
    const bobAcc = await f.account(bob.id);
    const groceries = await f.categoryId(alice.id, "Groceries", "Food");
    const b = await h.call("POST", "/v1/budgets", {
      token: alice.token,
      body: { categoryId: groceries, period: "monthly", amount: "100", currency: "EUR", startDate: "2024-01-01" },
    });
    const date = "2024-05-05";
    await f.tx({ userId: alice.id, accountId: aliceAcc, date, amountMinor: -1000n, categoryId: groceries });
    await f.tx({ userId: bob.id, accountId: bobAcc, date, amountMinor: -5000n, categoryId: groceries });
    await f.splitTx({ userId: bob.id, accountId: bobAcc, date }, [[groceries, -7000n]]);
    const res = await h.call("GET", `/v1/budgets/${b.json.id}?asOf=${date}`, { token: alice.token });
    assert.equal(res.json.current.spent, "10.00");
  });
});
