import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { fixtures } from "../categories/category-fixtures.ts";
import { budgetCalls } from "./budget-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof fixtures>;
let newBudget: ReturnType<typeof budgetCalls>["newBudget"];
let current: ReturnType<typeof budgetCalls>["current"];
before(async () => {
  h = await startHarness();
  f = fixtures(h);
  ({ newBudget, current } = budgetCalls(h));
});
after(() => h.close());

describe("budgets: CRUD", () => {
  test("create with defaults, list, get, patch, delete", async () => {
    const u = await f.seededUser();
    await f.account(u.id, "GBP");
    await f.account(u.id, "EUR");
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const created = await h.call("POST", "/v1/budgets", {
      token: u.token,
      body: { categoryId: groceries, period: "monthly", amount: "500" },
    });
    assert.equal(created.status, 201);
    const firstOfMonth = `${new Date().toISOString().slice(0, 7)}-01`;
    const { id, createdAt, updatedAt, ...rest } = created.json;
    assert.deepEqual(rest, {
      categoryId: groceries,
      period: "monthly",
      amount: "500.00",
      currency: "GBP", // the oldest account's
      rollover: false,
      startDate: firstOfMonth,
      current: {
        start: firstOfMonth,
        end: rest.current.end,
        spent: "0.00",
        remaining: "500.00",
        rolledOver: "0.00",
      },
    });

    const list = await h.call("GET", "/v1/budgets", { token: u.token });
    assert.deepEqual(
      list.json.items.map((b: { id: string }) => b.id),
      [id],
    );
    const patched = await h.call("PATCH", `/v1/budgets/${id}`, {
      token: u.token,
      body: { amount: "450.5", rollover: true, period: "weekly" },
    });
    assert.equal(patched.status, 200);
    assert.deepEqual([patched.json.amount, patched.json.rollover, patched.json.period], ["450.50", true, "weekly"]);
    const usd = await h.call("PATCH", `/v1/budgets/${id}`, { token: u.token, body: { currency: "usd" } });
    assert.deepEqual([usd.json.currency, usd.json.amount], ["USD", "450.50"]);

    assert.equal((await h.call("DELETE", `/v1/budgets/${id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/budgets/${id}`, { token: u.token })).status, 404);
  });
});

describe("budgets: spending per period", () => {
  test("monthly: within the calendar month, refunds reduce spending", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const restaurants = await f.categoryId(u.id, "Restaurants", "Food");
    const id = await newBudget(u, { categoryId: groceries, period: "monthly", amount: "500.00", currency: "EUR" });
    const t = (date: string, amountMinor: bigint, categoryId: string | null = groceries) =>
      f.tx({ userId: u.id, accountId: acc, date, amountMinor, categoryId });
    await t("2024-02-29", -99900n);
    await t("2024-03-01", -10000n);
    await t("2024-03-10", 2000n); // a refund
    await t("2024-03-31", -5025n);
    await t("2024-04-01", -99900n);
    await t("2024-03-15", -700n, restaurants);
    await t("2024-03-15", -500n, null);
    assert.deepEqual(await current(u, id, "2024-03-15"), {
      start: "2024-03-01",
      end: "2024-03-31",
      spent: "130.25",
      remaining: "369.75",
      rolledOver: "0.00",
    });
    // Over budget: remaining goes negative.
    const feb = await current(u, id, "2024-02-01");
    assert.deepEqual([feb.start, feb.end, feb.spent, feb.remaining], ["2024-02-01", "2024-02-29", "999.00", "-499.00"]);
  });

  test("weekly: ISO weeks from Monday to Sunday", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const coffee = await f.categoryId(u.id, "Coffee Shops", "Food");
    const id = await newBudget(u, { categoryId: coffee, period: "weekly", amount: "30", currency: "EUR" });
    for (const [date, minor] of [
      ["2024-03-10", -500n], // Sunday before
      ["2024-03-11", -1000n], // Monday
      ["2024-03-17", -1250n], // Sunday
      ["2024-03-18", -9900n], // next Monday
    ] as const) {
      await f.tx({ userId: u.id, accountId: acc, date, amountMinor: minor, categoryId: coffee });
    }
    const week = await current(u, id, "2024-03-13");
    assert.deepEqual(week, {
      start: "2024-03-11",
      end: "2024-03-17",
      spent: "22.50",
      remaining: "7.50",
      rolledOver: "0.00",
    });
  });

  test("yearly: the calendar year", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const flights = await f.categoryId(u.id, "Flights", "Travel");
    const id = await newBudget(u, {
      categoryId: flights,
      period: "yearly",
      amount: "2000",
      currency: "EUR",
      startDate: "2023-01-01",
    });
    for (const [date, minor] of [
      ["2023-12-31", -100000n],
      ["2024-01-01", -30000n],
      ["2024-12-31", -20000n],
      ["2025-01-01", -100000n],
    ] as const) {
      await f.tx({ userId: u.id, accountId: acc, date, amountMinor: minor, categoryId: flights });
    }
    const y = await current(u, id, "2024-06-01");
    assert.deepEqual([y.start, y.end, y.spent, y.remaining], ["2024-01-01", "2024-12-31", "500.00", "1500.00"]);
  });
});
