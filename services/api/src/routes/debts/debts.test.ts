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

const card = {
  name: "Visa",
  balance: "3000",
  currency: "usd",
  apr: "22.90",
  minimumPayment: { kind: "interest_plus_percent", percent: "1", floor: "35" },
  interestMethod: "daily_365",
};

describe("debts", () => {
  test("POST creates a debt with amounts and rates as decimal strings; GET, PATCH and DELETE follow", async () => {
    const u = await h.newUser();
    const created = await h.call("POST", "/v1/debts", { token: u.token, body: card });
    assert.equal(created.status, 201);
    assert.deepEqual(
      { ...created.json, id: undefined, createdAt: undefined, updatedAt: undefined },
      {
        id: undefined,
        name: "Visa",
        accountId: null,
        balance: "3000.00",
        currency: "USD",
        apr: "22.90",
        aprSchedule: [],
        interestMethod: "daily_365",
        minimumPayment: { kind: "interest_plus_percent", percent: "1", floor: "35.00" },
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    const id = created.json.id;
    assert.equal((await h.call("GET", `/v1/debts/${id}`, { token: u.token })).json.balance, "3000.00");
    const patched = await h.call("PATCH", `/v1/debts/${id}`, {
      token: u.token,
      body: { balance: "2500.50", minimumPayment: { kind: "fixed", amount: "100" } },
    });
    assert.deepEqual(
      [patched.status, patched.json.balance, patched.json.minimumPayment],
      [200, "2500.50", { kind: "fixed", amount: "100.00" }],
    );
    const list = await h.call("GET", "/v1/debts", { token: u.token });
    assert.deepEqual(
      list.json.items.map((d: { id: string }) => d.id),
      [id],
    );
    assert.equal((await h.call("DELETE", `/v1/debts/${id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/debts/${id}`, { token: u.token })).status, 404);
  });

  test("a debt linked to an account follows its balance, negated", async () => {
    const u = await h.newUser();
    const account = await f.account(u.id, "USD", -120_000n);
    const created = await h.call("POST", "/v1/debts", {
      token: u.token,
      body: { ...card, balance: undefined, accountId: account },
    });
    assert.deepEqual([created.status, created.json.balance, created.json.accountId], [201, "1200.00", account]);
    await f.tx({ userId: u.id, accountId: account, date: "2025-01-10", amountMinor: -5000n, currency: "USD" });
    assert.equal((await h.call("GET", `/v1/debts/${created.json.id}`, { token: u.token })).json.balance, "1250.00");
    // Unlinked, it keeps what the account owed at that moment.
    const unlinked = await h.call("PATCH", `/v1/debts/${created.json.id}`, {
      token: u.token,
      body: { accountId: null },
    });
    assert.deepEqual([unlinked.status, unlinked.json.accountId, unlinked.json.balance], [200, null, "1250.00"]);
    await f.tx({ userId: u.id, accountId: account, date: "2025-01-11", amountMinor: -100n, currency: "USD" });
    assert.equal((await h.call("GET", `/v1/debts/${created.json.id}`, { token: u.token })).json.balance, "1250.00");
  });

  test("a linked account in credit owes nothing", async () => {
    const u = await h.newUser();
    const account = await f.account(u.id, "USD", 5_000n);
    const created = await h.call("POST", "/v1/debts", { token: u.token, body: { ...card, accountId: account } });
    assert.deepEqual([created.status, created.json.balance], [201, "0.00"]);
  });

  test("an APR timeline is kept; a deferred promotion without an end, or overlapping entries, are refused", async () => {
    const u = await h.newUser();
    const schedule = [
      { apr: "0", from: "2025-01-01", to: "2025-06-30", kind: "deferred_interest" },
      { apr: "26.99", from: "2025-07-01", kind: "standard" },
    ];
    const ok = await h.call("POST", "/v1/debts", { token: u.token, body: { ...card, aprSchedule: schedule } });
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.json.aprSchedule, [schedule[0], { ...schedule[1], to: null }]);
    const noEnd = await h.call("POST", "/v1/debts", {
      token: u.token,
      body: { ...card, aprSchedule: [{ apr: "24", from: "2025-01-01", kind: "deferred_interest" }] },
    });
    assert.deepEqual([noEnd.status, noEnd.json.errors[0].path], [400, "aprSchedule.0.to"]);
    const overlap = await h.call("POST", "/v1/debts", {
      token: u.token,
      body: {
        ...card,
        aprSchedule: [schedule[1], { apr: "0", from: "2025-08-01", to: "2025-09-30", kind: "promotional" }],
      },
    });
    assert.deepEqual([overlap.status, overlap.json.errors[0].path], [400, "aprSchedule.1"]);
  });

  test("bad input answers problem+json naming the field and creates nothing", async () => {
    const u = await h.newUser();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...card, apr: 22.9 }, "apr"],
      [{ ...card, apr: "22,90" }, "apr"],
      [{ ...card, balance: "-1" }, "balance"],
      [{ ...card, balance: undefined }, "balance"],
      [{ ...card, balance: "10.001" }, "balance"],
      [{ ...card, currency: "XYZ" }, "currency"],
      [{ ...card, minimumPayment: { kind: "fixed", amount: "0" } }, "minimumPayment.amount"],
      [{ ...card, minimumPayment: { kind: "percent", percent: "150", floor: "10" } }, "minimumPayment.percent"],
      [{ ...card, minimumPayment: { kind: "weekly", amount: "10" } }, "minimumPayment.kind"],
      [{ ...card, interestMethod: "daily_366" }, "interestMethod"],
      [{ ...card, name: "" }, "name"],
    ];
    for (const [body, path] of cases) {
      const res = await h.call("POST", "/v1/debts", { token: u.token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
      assert.ok(
        res.json.errors.some((e: { path: string }) => e.path === path),
        `${path}: ${JSON.stringify(res.json.errors)}`,
      );
    }
    assert.equal((await h.call("GET", "/v1/debts", { token: u.token })).json.items.length, 0);
  });

  test("the OpenAPI document has the debt and plan operations and schemas", async () => {
    const doc = (await h.call("GET", "/openapi.json")).json;
    for (const [path, method] of [
      ["/v1/debts", "post"],
      ["/v1/debts", "get"],
      ["/v1/debts/{id}", "get"],
      ["/v1/debts/{id}", "patch"],
      ["/v1/debts/{id}", "delete"],
      ["/v1/plans", "post"],
      ["/v1/plans", "get"],
      ["/v1/plans/compare", "post"],
      ["/v1/plans/{id}", "get"],
      ["/v1/plans/{id}/rerun", "post"],
    ] as const) {
      assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
    }
    assert.ok(doc.paths["/v1/debts"].post.requestBody.content["application/json"].example);
    assert.ok(doc.paths["/v1/plans"].post.requestBody.content["application/json"].example);
    for (const id of [
      "Debt",
      "CreateDebt",
      "UpdateDebt",
      "MinimumPayment",
      "AprEntry",
      "Plan",
      "CreatePlan",
      "PlanComparison",
    ]) {
      assert.ok(doc.components.schemas[id], id);
    }
  });
});
