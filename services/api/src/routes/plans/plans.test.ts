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

type Token = { token: string };
const newDebt = async (u: Token, body: Record<string, unknown>) => {
  const res = await h.call("POST", "/v1/debts", { token: u.token, body: { currency: "USD", ...body } });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.id as string;
};
const loan = { name: "Loan", balance: "10000.00", apr: "6", minimumPayment: { kind: "fixed", amount: "193.33" } };

describe("plans", () => {
  test("10,000.00 at 6 % with 193.33 a month: 60 months, 1,599.68 interest, final payment 193.21", async () => {
    const u = await h.newUser();
    const id = await newDebt(u, loan);
    const res = await h.call("POST", "/v1/plans", {
      token: u.token,
      body: { strategy: "avalanche", monthlyBudget: "193.33", startDate: "2025-01-01" },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const p = res.json;
    assert.deepEqual(
      [p.strategy, p.status, p.months, p.debtFreeDate, p.totalInterest, p.totalPaid],
      ["avalanche", "paid_off", 60, "2029-12", "1599.68", "11599.68"],
    );
    assert.deepEqual(p.debts, [
      { debtId: id, payoffMonth: "2029-12", totalInterest: "1599.68", totalPaid: "11599.68" },
    ]);
    assert.deepEqual(p.schedule[0], {
      month: "2025-01",
      payments: [{ debtId: id, payment: "193.33", interest: "50.00", principal: "143.33", balance: "9856.67" }],
    });
    assert.deepEqual(p.schedule.at(-1).payments[0].payment, "193.21");
    assert.equal(p.schedule.length, 60);
    const got = await h.call("GET", `/v1/plans/${p.id}`, { token: u.token });
    assert.deepEqual(got.json, p);
    const list = await h.call("GET", "/v1/plans", { token: u.token });
    assert.deepEqual(
      list.json.items.map((x: { id: string; schedule?: unknown }) => [x.id, x.schedule]),
      [[p.id, undefined]],
    );
  });

  test("snowball rolls a paid-off debt's money to the next in the same month; compare reports what each way saves", async () => {
    const u = await h.newUser();
    const small = await newDebt(u, {
      name: "small",
      balance: "100",
      apr: "0",
      minimumPayment: { kind: "fixed", amount: "25" },
    });
    const big = await newDebt(u, {
      name: "big",
      balance: "1000",
      apr: "18",
      minimumPayment: { kind: "fixed", amount: "50" },
    });
    const body = { strategy: "snowball", monthlyBudget: "300", startDate: "2025-01-01" };
    const plan = (await h.call("POST", "/v1/plans", { token: u.token, body })).json;
    // 1,000 at 1.5 %: 15.00 interest in January; minimums 75, the 225 left pay "small" off and 150 go to "big".
    assert.deepEqual(plan.schedule[0].payments, [
      { debtId: small, payment: "100.00", interest: "0.00", principal: "100.00", balance: "0.00" },
      { debtId: big, payment: "200.00", interest: "15.00", principal: "185.00", balance: "815.00" },
    ]);
    const cmp = await h.call("POST", "/v1/plans/compare", { token: u.token, body });
    assert.equal(cmp.status, 200);
    assert.deepEqual(cmp.json.plan.totalInterest, plan.totalInterest);
    const byStrategy = Object.fromEntries(cmp.json.against.map((c: { strategy: string }) => [c.strategy, c]));
    assert.deepEqual(Object.keys(byStrategy), ["minimum_only", "avalanche"]);
    assert.ok(Number(byStrategy.minimum_only.interestSaved) > 0);
    assert.ok(byStrategy.minimum_only.monthsSaved > 0);
    // Avalanche pays the 18 % debt first: it saves interest against this snowball, so snowball's saving is negative.
    assert.ok(Number(byStrategy.avalanche.interestSaved) < 0);
    assert.equal((await h.call("GET", "/v1/plans", { token: u.token })).json.items.length, 1, "compare saves nothing");
  });

  test("custom order and snowflakes: the extra goes to the first debt in line in its month", async () => {
    const u = await h.newUser();
    const a = await newDebt(u, {
      name: "a",
      balance: "500",
      apr: "0",
      minimumPayment: { kind: "fixed", amount: "50" },
    });
    const b = await newDebt(u, {
      name: "b",
      balance: "1000",
      apr: "0",
      minimumPayment: { kind: "fixed", amount: "50" },
    });
    const res = await h.call("POST", "/v1/plans", {
      token: u.token,
      body: {
        strategy: "custom",
        order: [b, a],
        monthlyBudget: "200",
        startDate: "2025-01-15",
        extras: [{ date: "2025-02-01", amount: "300" }],
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const pay = (m: number, id: string) =>
      res.json.schedule[m].payments.find((p: { debtId: string }) => p.debtId === id).payment;
    assert.deepEqual([pay(0, a), pay(0, b), pay(1, a), pay(1, b)], ["50.00", "150.00", "50.00", "450.00"]);
  });

  test("a budget below the minimums is 400 naming the debts and the budget that would work; nothing is saved", async () => {
    const u = await h.newUser();
    await newDebt(u, { name: "Visa", balance: "1000", apr: "0", minimumPayment: { kind: "fixed", amount: "50" } });
    await newDebt(u, { name: "Car", balance: "1000", apr: "0", minimumPayment: { kind: "fixed", amount: "70" } });
    const res = await h.call("POST", "/v1/plans", {
      token: u.token,
      body: { strategy: "avalanche", monthlyBudget: "110", startDate: "2025-01-01" },
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
    assert.equal(res.json.errors[0].path, "monthlyBudget");
    assert.match(res.json.errors[0].message, /"Visa" 50\.00, "Car" 70\.00.*at least 120\.00 would work/);
    assert.equal((await h.call("GET", "/v1/plans", { token: u.token })).json.items.length, 0);
  });

  test("a minimum below the interest is 400 naming the debt and the minimum that would work", async () => {
    const u = await h.newUser();
    const id = await newDebt(u, {
      name: "Store",
      balance: "10000",
      apr: "24",
      minimumPayment: { kind: "fixed", amount: "150" },
    });
    const res = await h.call("POST", "/v1/plans", {
      token: u.token,
      body: { strategy: "avalanche", monthlyBudget: "1000", startDate: "2025-01-01" },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.errors[0].path, `debts.${id}.minimumPayment`);
    assert.match(res.json.errors[0].message, /"Store".*at least 200\.01 would work/);
  });

  test("a plan over a linked account's debt is re-run from the account's balance now", async () => {
    const u = await h.newUser();
    const account = await f.account(u.id, "USD", -60_000n);
    await newDebt(u, { name: "Card", accountId: account, apr: "0", minimumPayment: { kind: "fixed", amount: "100" } });
    const created = (
      await h.call("POST", "/v1/plans", {
        token: u.token,
        body: { strategy: "snowball", monthlyBudget: "100", startDate: "2025-01-01" },
      })
    ).json;
    assert.deepEqual([created.months, created.totalPaid], [6, "600.00"]);
    await f.tx({ userId: u.id, accountId: account, date: "2025-01-20", amountMinor: 30_000n, currency: "USD" });
    const rerun = await h.call("POST", `/v1/plans/${created.id}/rerun`, { token: u.token });
    assert.equal(rerun.status, 200);
    assert.deepEqual([rerun.json.months, rerun.json.totalPaid], [3, "300.00"]);
    assert.ok(rerun.json.startDate >= created.startDate);
    assert.deepEqual((await h.call("GET", `/v1/plans/${created.id}`, { token: u.token })).json.totalPaid, "300.00");
  });

  test("a plan still owing at the horizon answers never, with the schedule up to the horizon", async () => {
    const u = await h.newUser();
    // 0 % in January, then 36 %: 3 % a month on ~9,900 is far more than the 100.00 paid.
    const aprSchedule = [{ apr: "0", from: "2025-01-01", to: "2025-01-31", kind: "promotional" }];
    await newDebt(u, {
      name: "Teaser",
      balance: "10000",
      apr: "36",
      aprSchedule,
      minimumPayment: { kind: "fixed", amount: "100" },
    });
    const res = await h.call("POST", "/v1/plans", {
      token: u.token,
      body: { strategy: "avalanche", monthlyBudget: "100", startDate: "2025-01-01" },
    });
    assert.equal(res.status, 201);
    assert.deepEqual([res.json.status, res.json.months, res.json.debtFreeDate], ["never", null, null]);
    assert.equal(res.json.schedule.length, 1200);
    assert.equal(res.json.debts[0].payoffMonth, null);
    assert.deepEqual(res.json.comparison[0], {
      ...res.json.comparison[0],
      status: "never",
      interestSaved: null,
      monthsSaved: null,
    });
  });

  test("re-running a plan whose debt was deleted is 409 naming it", async () => {
    const u = await h.newUser();
    const id = await newDebt(u, loan);
    const plan = (
      await h.call("POST", "/v1/plans", { token: u.token, body: { strategy: "avalanche", monthlyBudget: "500" } })
    ).json;
    await h.call("DELETE", `/v1/debts/${id}`, { token: u.token });
    const rerun = await h.call("POST", `/v1/plans/${plan.id}/rerun`, { token: u.token });
    assert.equal(rerun.status, 409);
    assert.match(rerun.json.detail, new RegExp(id));
  });

  test("bad plan input answers problem+json naming the field and saves nothing", async () => {
    const u = await h.newUser();
    const id = await newDebt(u, loan);
    const eur = await newDebt(u, { ...loan, currency: "EUR" });
    const ok = { strategy: "avalanche", monthlyBudget: "500", startDate: "2025-01-01", debtIds: [id] };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...ok, strategy: "fastest" }, 400, "strategy"],
      [{ ...ok, monthlyBudget: 500 }, 400, "monthlyBudget"],
      [{ ...ok, monthlyBudget: "0" }, 400, "monthlyBudget"],
      [{ ...ok, monthlyBudget: "500.001" }, 400, "monthlyBudget"],
      [{ ...ok, startDate: "2025-02-30" }, 400, "startDate"],
      [{ ...ok, strategy: "custom" }, 400, "order"],
      [{ ...ok, order: [id] }, 400, "order"],
      [{ ...ok, strategy: "custom", order: [eur] }, 400, "order"],
      [{ ...ok, debtIds: [id, eur] }, 400, "debtIds"],
      [{ ...ok, debtIds: ["00000000-0000-4000-8000-000000000000"] }, 404, "debtIds"],
      [{ ...ok, extras: [{ date: "2024-12-31", amount: "10" }] }, 400, "extras.0.date"],
      [{ ...ok, extras: [{ date: "2025-03-01", amount: 10 }] }, 400, "extras.0.amount"],
    ];
    for (const [body, status, path] of cases) {
      const res = await h.call("POST", "/v1/plans", { token: u.token, body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.ok(
        res.json.errors.some((e: { path: string }) => e.path === path),
        `${path}: ${JSON.stringify(res.json.errors)}`,
      );
    }
    assert.equal((await h.call("GET", "/v1/plans", { token: u.token })).json.items.length, 0);
  });
});
