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

// A field can carry more than one issue (a malformed date is also not a real date): compare the set.
const paths = (res: { json: { errors?: { path: string }[] } }) => [
  ...new Set((res.json.errors ?? []).map((e) => e.path).sort()),
];

describe("goals: validation", () => {
  test("missing and malformed fields answer 400 naming each, and create nothing", async () => {
    const u = await h.newUser();
    assert.deepEqual(paths(await h.call("POST", "/v1/goals", { token: u.token, body: {} })), [
      "currency",
      "name",
      "targetAmount",
    ]);
    const bad = await h.call("POST", "/v1/goals", {
      token: u.token,
      body: { name: "", targetAmount: "0", currency: "XX", targetDate: "2024-02-30", accountId: "x" },
    });
    assert.deepEqual(paths(bad), ["accountId", "currency", "name", "targetAmount", "targetDate"]);
    const negative = await h.call("POST", "/v1/goals", {
      token: u.token,
      body: { name: "G", targetAmount: "-5", currency: "EUR" },
    });
    assert.deepEqual(paths(negative), ["targetAmount"]);
    const decimals = await h.call("POST", "/v1/goals", {
      token: u.token,
      body: { name: "G", targetAmount: "1.5", currency: "JPY" },
    });
    assert.deepEqual([decimals.status, paths(decimals)], [400, ["targetAmount"]]);
    assert.equal((await h.call("GET", "/v1/goals", { token: u.token })).json.items.length, 0);
    assert.deepEqual(paths(await h.call("GET", "/v1/goals?asOf=yesterday", { token: u.token })), ["query.asOf"]);
  });

  test("a linked account must be in the goal's currency", async () => {
    const u = await h.newUser();
    const usd = await f.account(u.id, "USD");
    const res = await h.call("POST", "/v1/goals", {
      token: u.token,
      body: { name: "G", targetAmount: "5", currency: "EUR", accountId: usd },
    });
    assert.deepEqual([res.status, paths(res)], [400, ["accountId"]]);
    const goal = await h.call("POST", "/v1/goals", {
      token: u.token,
      body: { name: "G", targetAmount: "5", currency: "EUR" },
    });
    const patch = await h.call("PATCH", `/v1/goals/${goal.json.id}`, { token: u.token, body: { accountId: usd } });
    assert.deepEqual([patch.status, paths(patch)], [400, ["accountId"]]);
    const currency = await h.call("PATCH", `/v1/goals/${goal.json.id}`, { token: u.token, body: { currency: "USD" } });
    assert.equal(currency.status, 400);
    const after = await h.call("GET", `/v1/goals/${goal.json.id}`, { token: u.token });
    assert.deepEqual([after.json.accountId, after.json.currency], [null, "EUR"]);
  });

  test("contributions: an amount that is non-zero and exact, a real date", async () => {
    const u = await h.newUser();
    const goal = await h.call("POST", "/v1/goals", {
      token: u.token,
      body: { name: "G", targetAmount: "5", currency: "EUR" },
    });
    const path = `/v1/goals/${goal.json.id}/contributions`;
    for (const [body, fields] of [
      [{}, ["amount"]],
      [{ amount: "0.00" }, ["amount"]],
      [{ amount: "1.005" }, ["amount"]],
      [{ amount: 5 }, ["amount"]],
      [{ amount: "1", date: "2024-1-1" }, ["date"]],
    ] as const) {
      const res = await h.call("POST", path, { token: u.token, body });
      assert.deepEqual([res.status, paths(res)], [400, fields], JSON.stringify(body));
    }
    assert.equal((await h.call("GET", path, { token: u.token })).json.items.length, 0);
  });
});
