import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
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

const paths = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path).sort();

describe("budgets: validation", () => {
  test("missing and malformed fields answer 400 naming each, and create nothing", async () => {
    const u = await f.seededUser();
    const missing = await h.call("POST", "/v1/budgets", { token: u.token, body: {} });
    assert.equal(missing.status, 400);
    assert.deepEqual(paths(missing), ["amount", "categoryId", "period"]);
    const bad = await h.call("POST", "/v1/budgets", {
      token: u.token,
      body: {
        categoryId: "x",
        period: "daily",
        amount: "-5",
        currency: "XYZ",
        rollover: "yes",
        startDate: "2024-02-30",
      },
    });
    assert.deepEqual(paths(bad), ["amount", "categoryId", "currency", "period", "rollover", "startDate"]);
    assert.equal((await h.call("GET", "/v1/budgets", { token: u.token })).json.items.length, 0);
  });

  test("more decimals than the currency has is refused, not rounded", async () => {
    const u = await f.seededUser();
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    for (const [currency, amount] of [
      ["EUR", "10.001"],
      ["JPY", "1.5"],
      ["BHD", "0.0001"],
    ]) {
      const res = await h.call("POST", "/v1/budgets", {
        token: u.token,
        body: { categoryId: groceries, period: "monthly", amount, currency },
      });
      assert.deepEqual([res.status, paths(res)], [400, ["amount"]], `${amount} ${currency}`);
    }
  });

  test("without a currency and without an account to take it from: 400 naming currency", async () => {
    const u = await f.seededUser();
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const res = await h.call("POST", "/v1/budgets", {
      token: u.token,
      body: { categoryId: groceries, period: "monthly", amount: "10" },
    });
    assert.deepEqual([res.status, paths(res)], [400, ["currency"]]);
  });

  test("bad asOf, unknown ids and unknown fields", async () => {
    const u = await f.seededUser();
    assert.deepEqual(paths(await h.call("GET", "/v1/budgets?asOf=2024-13-01", { token: u.token })), ["query.asOf"]);
    assert.equal((await h.call("GET", "/v1/budgets/nope", { token: u.token })).status, 400);
    assert.equal((await h.call("GET", `/v1/budgets/${randomUUID()}`, { token: u.token })).status, 404);
    const unknownCategory = await h.call("POST", "/v1/budgets", {
      token: u.token,
      body: { categoryId: randomUUID(), period: "monthly", amount: "10", currency: "EUR" },
    });
    assert.deepEqual([unknownCategory.status, paths(unknownCategory)], [404, ["categoryId"]]);
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const b = await h.call("POST", "/v1/budgets", {
      token: u.token,
      body: { categoryId: groceries, period: "monthly", amount: "500.50", currency: "EUR" },
    });
    const unknownField = await h.call("PATCH", `/v1/budgets/${b.json.id}`, { token: u.token, body: { limit: "1" } });
    assert.equal(unknownField.status, 400);
    // Switching to a currency with fewer decimals can't keep 500.50: refused, naming amount.
    const jpy = await h.call("PATCH", `/v1/budgets/${b.json.id}`, { token: u.token, body: { currency: "JPY" } });
    assert.deepEqual([jpy.status, paths(jpy)], [400, ["amount"]]);
    assert.equal((await h.call("GET", `/v1/budgets/${b.json.id}`, { token: u.token })).json.currency, "EUR");
  });

  test("one budget per category and period: a duplicate answers 409", async () => {
    const u = await f.seededUser();
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const body = { categoryId: groceries, period: "monthly", amount: "10", currency: "EUR" };
    assert.equal((await h.call("POST", "/v1/budgets", { token: u.token, body })).status, 201);
    const dup = await h.call("POST", "/v1/budgets", {
      token: u.token,
      body: { ...body, amount: "20", currency: "USD" },
    });
    assert.deepEqual([dup.status, dup.json.code], [409, "CONFLICT"]);
    const weekly = await h.call("POST", "/v1/budgets", { token: u.token, body: { ...body, period: "weekly" } });
    assert.equal(weekly.status, 201);
    const clash = await h.call("PATCH", `/v1/budgets/${weekly.json.id}`, {
      token: u.token,
      body: { period: "monthly" },
    });
    assert.equal(clash.status, 409);
    assert.equal((await h.call("GET", `/v1/budgets/${weekly.json.id}`, { token: u.token })).json.period, "weekly");
  });
});
