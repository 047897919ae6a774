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

const debt = {
  name: "Visa",
  balance: "3000.00",
  currency: "USD",
  apr: "22.90",
  minimumPayment: { kind: "fixed", amount: "100.00" },
};

describe("debts and plans: security", () => {
  test("no token answers 401", async () => {
    for (const [method, path] of [
      ["GET", "/v1/debts"],
      ["POST", "/v1/debts"],
      ["GET", "/v1/plans"],
      ["POST", "/v1/plans"],
      ["POST", "/v1/plans/compare"],
    ] as const) {
      assert.equal(
        (await h.call(method, path, method === "POST" ? { body: {} } : {})).status,
        401,
        `${method} ${path}`,
      );
    }
  });

  test("another person's debt and plan are 404 on every endpoint, and stay intact", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const d = (await h.call("POST", "/v1/debts", { token: alice.token, body: debt })).json;
    const p = (
      await h.call("POST", "/v1/plans", { token: alice.token, body: { strategy: "avalanche", monthlyBudget: "200" } })
    ).json;
    const calls = [
      ["GET", `/v1/debts/${d.id}`],
      ["PATCH", `/v1/debts/${d.id}`, { balance: "0" }],
      ["DELETE", `/v1/debts/${d.id}`],
      ["GET", `/v1/plans/${p.id}`],
      ["POST", `/v1/plans/${p.id}/rerun`],
      ["DELETE", `/v1/plans/${p.id}`],
      ["POST", "/v1/plans", { strategy: "avalanche", monthlyBudget: "200", debtIds: [d.id] }],
      ["POST", "/v1/plans/compare", { strategy: "avalanche", monthlyBudget: "200", debtIds: [d.id] }],
    ] as const;
    for (const [method, path, body] of calls) {
      const res = await h.call(method, path, { token: bob.token, body });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.equal((await h.call("GET", "/v1/debts", { token: bob.token })).json.items.length, 0);
    assert.equal((await h.call("GET", "/v1/plans", { token: bob.token })).json.items.length, 0);
    // Bob has no debts: a plan of "all his debts" plans none of Alice's.
    const none = await h.call("POST", "/v1/plans", {
      token: bob.token,
      body: { strategy: "avalanche", monthlyBudget: "200" },
    });
    assert.deepEqual([none.status, none.json.errors[0].path], [400, "debtIds"]);
    const intact = await h.call("GET", `/v1/debts/${d.id}`, { token: alice.token });
    assert.equal(intact.json.balance, "3000.00");
    assert.equal((await h.call("GET", `/v1/plans/${p.id}`, { token: alice.token })).status, 200);
  });

  test("another person's account cannot be linked: 404 naming accountId, nothing created or changed", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const aliceAcc = await f.account(alice.id, "USD", -99_999n);
    const created = await h.call("POST", "/v1/debts", { token: bob.token, body: { ...debt, accountId: aliceAcc } });
    assert.deepEqual([created.status, created.json.errors?.[0]?.path], [404, "accountId"]);
    const own = (await h.call("POST", "/v1/debts", { token: bob.token, body: debt })).json;
    const linked = await h.call("PATCH", `/v1/debts/${own.id}`, { token: bob.token, body: { accountId: aliceAcc } });
    assert.deepEqual([linked.status, linked.json.errors?.[0]?.path], [404, "accountId"]);
    const after = (await h.call("GET", `/v1/debts/${own.id}`, { token: bob.token })).json;
    assert.deepEqual([after.accountId, after.balance], [null, "3000.00"]);
    assert.equal((await h.call("GET", "/v1/debts", { token: bob.token })).json.items.length, 1);
  });

  test("a bad PATCH answers problem+json and changes nothing", async () => {
    const u = await h.newUser();
    const d = (await h.call("POST", "/v1/debts", { token: u.token, body: debt })).json;
    for (const body of [
      { balance: "1.001" },
      { apr: "abc" },
      { currency: "EUR" },
      { minimumPayment: { kind: "fixed", amount: "-5" } },
      { name: "ok", aprSchedule: [{ apr: "5", from: "2025-02-01", to: "2025-01-01", kind: "promotional" }] },
    ]) {
      const res = await h.call("PATCH", `/v1/debts/${d.id}`, { token: u.token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
    }
    const after = (await h.call("GET", `/v1/debts/${d.id}`, { token: u.token })).json;
    assert.deepEqual(after, d);
  });
});
