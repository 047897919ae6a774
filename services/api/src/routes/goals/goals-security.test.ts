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

describe("goals: security", () => {
  test("no token answers 401", async () => {
    assert.equal((await h.call("GET", "/v1/goals")).status, 401);
  });

  test("another person's goal is 404 on every endpoint, and stays intact", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const g = await h.call("POST", "/v1/goals", {
      token: alice.token,
      body: { name: "A", targetAmount: "100", currency: "EUR" },
    });
    await h.call("POST", `/v1/goals/${g.json.id}/contributions`, { token: alice.token, body: { amount: "5" } });
    const calls = [
      ["GET", `/v1/goals/${g.json.id}`],
      ["PATCH", `/v1/goals/${g.json.id}`, { name: "pwned" }],
      ["DELETE", `/v1/goals/${g.json.id}`],
      ["POST", `/v1/goals/${g.json.id}/contributions`, { amount: "1000" }],
      ["GET", `/v1/goals/${g.json.id}/contributions`],
    ] as const;
    for (const [method, path, body] of calls) {
      const res = await h.call(method, path, { token: bob.token, body });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.equal((await h.call("GET", "/v1/goals", { token: bob.token })).json.items.length, 0);
    const intact = await h.call("GET", `/v1/goals/${g.json.id}`, { token: alice.token });
    assert.deepEqual([intact.json.name, intact.json.progress.saved], ["A", "5.00"]);
  });

  test("another person's accountId answers 404 naming it, and links nothing", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const aliceAcc = await f.account(alice.id, "EUR", 99999n);
    const created = await h.call("POST", "/v1/goals", {
      token: bob.token,
      body: { name: "B", targetAmount: "100", currency: "EUR", accountId: aliceAcc },
    });
    assert.deepEqual([created.status, created.json.errors?.[0]?.path], [404, "accountId"]);
    const own = await h.call("POST", "/v1/goals", {
      token: bob.token,
      body: { name: "B", targetAmount: "100", currency: "EUR" },
    });
    const linked = await h.call("PATCH", `/v1/goals/${own.json.id}`, {
      token: bob.token,
      body: { accountId: aliceAcc },
    });
    assert.deepEqual([linked.status, linked.json.errors?.[0]?.path], [404, "accountId"]);
    const after = await h.call("GET", `/v1/goals/${own.json.id}`, { token: bob.token });
    assert.deepEqual([after.json.accountId, after.json.progress.saved], [null, "0.00"]);
    assert.equal((await h.call("GET", "/v1/goals", { token: bob.token })).json.items.length, 1);
  });
});
