import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { categories } from "@fincoach/db";
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

describe("budgets: what counts as spending", () => {
  test("a group's budget includes its children; split rows count by their own category", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const food = await f.categoryId(u.id, "Food");
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const restaurants = await f.categoryId(u.id, "Restaurants", "Food");
    const books = await f.categoryId(u.id, "Books", "Shopping");
    const foodBudget = await newBudget(u, { categoryId: food, period: "monthly", amount: "800", currency: "EUR" });
    const booksBudget = await newBudget(u, { categoryId: books, period: "monthly", amount: "50", currency: "EUR" });
    const date = "2024-05-05";
    await f.tx({ userId: u.id, accountId: acc, date, amountMinor: -10000n, categoryId: groceries });
    await f.tx({ userId: u.id, accountId: acc, date, amountMinor: -5000n, categoryId: restaurants });
    await f.tx({ userId: u.id, accountId: acc, date, amountMinor: -1000n, categoryId: food });
    await f.splitTx({ userId: u.id, accountId: acc, date }, [
      [groceries, -3000n],
      [books, -7001n],
    ]);
    assert.equal((await current(u, foodBudget, "2024-05-31")).spent, "190.00");
    const b = await current(u, booksBudget, "2024-05-01");
    assert.deepEqual([b.spent, b.remaining], ["70.01", "-20.01"]);
  });

  test("transfers are not spending", async () => {
    const u = await f.seededUser();
    const checking = await f.account(u.id);
    const savings = await f.account(u.id);
    const transfers = await f.categoryId(u.id, "Transfers");
    const accountTransfer = await f.categoryId(u.id, "Account Transfer", "Transfers");
    const food = await f.categoryId(u.id, "Food");
    const transferBudget = await newBudget(u, {
      categoryId: transfers,
      period: "monthly",
      amount: "100",
      currency: "EUR",
    });
    const foodBudget = await newBudget(u, { categoryId: food, period: "monthly", amount: "100", currency: "EUR" });
    const transferId = f.newTransferId();
    const date = "2024-05-05";
    await f.tx({
      userId: u.id,
      accountId: checking,
      date,
      amountMinor: -50000n,
      categoryId: accountTransfer,
      transferId,
    });
    await f.tx({
      userId: u.id,
      accountId: savings,
      date,
      amountMinor: 50000n,
      categoryId: accountTransfer,
      transferId,
    });
    await f.tx({ userId: u.id, accountId: checking, date, amountMinor: -20000n, categoryId: accountTransfer });
    // Even a transfer-kind category under an expense group (written around the API's rules) is left out.
    const [odd] = await h.database.db
      .insert(categories)
      .values({ userId: u.id, name: "Cash moves", kind: "transfer", parentId: food })
      .returning();
    await f.tx({ userId: u.id, accountId: checking, date, amountMinor: -4000n, categoryId: odd!.id });
    await f.tx({ userId: u.id, accountId: checking, date, amountMinor: -1000n, categoryId: food });

    const moved = await current(u, transferBudget, date);
    assert.deepEqual([moved.spent, moved.remaining], ["0.00", "100.00"]);
    assert.equal((await current(u, foodBudget, date)).spent, "10.00");
  });

  test("other currencies are left out, not converted", async () => {
    const u = await f.seededUser();
    const eur = await f.account(u.id, "EUR");
    const usd = await f.account(u.id, "USD");
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const eurBudget = await newBudget(u, { categoryId: groceries, period: "monthly", amount: "100", currency: "EUR" });
    const usdBudget = await newBudget(u, { categoryId: groceries, period: "weekly", amount: "100", currency: "USD" });
    const date = "2024-05-08";
    await f.tx({ userId: u.id, accountId: eur, date, amountMinor: -1500n, categoryId: groceries });
    await f.tx({ userId: u.id, accountId: usd, date, amountMinor: -4000n, currency: "USD", categoryId: groceries });
    await f.splitTx({ userId: u.id, accountId: usd, date, currency: "USD" }, [[groceries, -600n]]);
    assert.equal((await current(u, eurBudget, date)).spent, "15.00");
    assert.equal((await current(u, usdBudget, date)).spent, "46.00");
  });

  test("rollover carries one period back: underspent adds, overspent subtracts", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const fuel = await f.categoryId(u.id, "Fuel", "Transportation");
    const parking = await f.categoryId(u.id, "Parking", "Transportation");
    const withRollover = await newBudget(u, {
      categoryId: fuel,
      period: "monthly",
      amount: "100",
      currency: "EUR",
      rollover: true,
    });
    const without = await newBudget(u, { categoryId: parking, period: "monthly", amount: "100", currency: "EUR" });
    for (const [date, minor, cat] of [
      ["2024-01-10", -1000n, fuel], // January underspent by 90: not carried into March
      ["2024-02-10", -6000n, fuel],
      ["2024-03-10", -3000n, fuel],
      ["2024-04-10", -13000n, fuel],
      ["2024-02-10", -6000n, parking],
    ] as const) {
      await f.tx({ userId: u.id, accountId: acc, date, amountMinor: minor, categoryId: cat });
    }
    const march = await current(u, withRollover, "2024-03-20");
    assert.deepEqual([march.rolledOver, march.spent, march.remaining], ["40.00", "30.00", "110.00"]);
    const may = await current(u, withRollover, "2024-05-01");
    assert.deepEqual([may.rolledOver, may.spent, may.remaining], ["-30.00", "0.00", "70.00"]);
    const noCarry = await current(u, without, "2024-03-20");
    assert.deepEqual([noCarry.rolledOver, noCarry.remaining], ["0.00", "100.00"]);
    // Nothing rolls over from before the budget started.
    assert.equal((await current(u, withRollover, "2024-01-20")).rolledOver, "0.00");
  });

  test("spending before startDate doesn't count", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const gas = await f.categoryId(u.id, "Gas", "Utilities");
    const id = await newBudget(u, {
      categoryId: gas,
      period: "monthly",
      amount: "80",
      currency: "EUR",
      startDate: "2024-03-15",
      rollover: true,
    });
    await f.tx({ userId: u.id, accountId: acc, date: "2024-03-10", amountMinor: -5000n, categoryId: gas });
    await f.tx({ userId: u.id, accountId: acc, date: "2024-03-20", amountMinor: -1000n, categoryId: gas });
    const march = await current(u, id, "2024-03-31");
    assert.deepEqual([march.spent, march.rolledOver, march.remaining], ["10.00", "0.00", "70.00"]);
    const before = await current(u, id, "2024-02-10");
    assert.deepEqual([before.start, before.spent, before.remaining], ["2024-02-01", "0.00", "80.00"]);
  });

  test("amounts are exact in the currency's exponent: JPY and BHD", async () => {
    const u = await f.seededUser();
    const jpy = await f.account(u.id, "JPY");
    const bhd = await f.account(u.id, "BHD");
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const jpyBudget = await newBudget(u, {
      categoryId: groceries,
      period: "monthly",
      amount: "50000",
      currency: "JPY",
    });
    const bhdBudget = await newBudget(u, { categoryId: groceries, period: "weekly", amount: "12.5", currency: "BHD" });
    const date = "2024-05-08";
    await f.tx({ userId: u.id, accountId: jpy, date, amountMinor: -1234n, currency: "JPY", categoryId: groceries });
    await f.tx({ userId: u.id, accountId: bhd, date, amountMinor: -1250n, currency: "BHD", categoryId: groceries });
    const j = await h.call("GET", `/v1/budgets/${jpyBudget}?asOf=${date}`, { token: u.token });
    assert.deepEqual([j.json.amount, j.json.current.spent, j.json.current.remaining], ["50000", "1234", "48766"]);
    const b = await h.call("GET", `/v1/budgets/${bhdBudget}?asOf=${date}`, { token: u.token });
    assert.deepEqual([b.json.amount, b.json.current.spent, b.json.current.remaining], ["12.500", "1.250", "11.250"]);
  });

  test("the list reports every budget for the asOf period", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const rent = await f.categoryId(u.id, "Rent", "Housing");
    await newBudget(u, { categoryId: rent, period: "monthly", amount: "1000", currency: "EUR" });
    await f.tx({ userId: u.id, accountId: acc, date: "2024-02-01", amountMinor: -95000n, categoryId: rent });
    const list = await h.call("GET", "/v1/budgets?asOf=2024-02-29", { token: u.token });
    assert.deepEqual(
      list.json.items.map((b: { current: { spent: string } }) => b.current.spent),
      ["950.00"],
    );
  });
});
