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

type User = { id: string; token: string };
const newGoal = async (u: User, body: Record<string, unknown>) => {
  const res = await h.call("POST", "/v1/goals", { token: u.token, body });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.id as string;
};
const progress = async (u: User, id: string, asOf: string) => {
  const res = await h.call("GET", `/v1/goals/${id}?asOf=${asOf}`, { token: u.token });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json.progress;
};
const contribute = async (u: User, id: string, body: Record<string, unknown>) =>
  h.call("POST", `/v1/goals/${id}/contributions`, { token: u.token, body });

describe("goals: manual contributions", () => {
  test("create, contribute, list contributions, progress as of a date", async () => {
    const u = await h.newUser();
    const created = await h.call("POST", "/v1/goals", {
      token: u.token,
      body: { name: "Emergency fund", targetAmount: "1000", currency: "eur", targetDate: "2024-04-15" },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(
      [created.json.targetAmount, created.json.currency, created.json.accountId, created.json.targetDate],
      ["1000.00", "EUR", null, "2024-04-15"],
    );
    const id = created.json.id;
    // 1000.00 over three whole months: 333.33... rounded up, so three payments reach it.
    assert.deepEqual(await progress(u, id, "2024-01-15"), {
      saved: "0.00",
      remaining: "1000.00",
      percent: "0.0",
      requiredMonthlySaving: "333.34",
      onTrack: false,
    });

    const c = await contribute(u, id, { amount: "150", date: "2023-12-01", note: "start" });
    assert.equal(c.status, 201);
    assert.deepEqual(
      [c.json.amount, c.json.currency, c.json.date, c.json.note],
      ["150.00", "EUR", "2023-12-01", "start"],
    );
    await contribute(u, id, { amount: "275.50", date: "2024-01-10" });
    await contribute(u, id, { amount: "100", date: "2024-02-01" }); // after asOf: not counted yet
    const list = await h.call("GET", `/v1/goals/${id}/contributions`, { token: u.token });
    assert.deepEqual(
      list.json.items.map((x: { amount: string }) => x.amount),
      ["150.00", "275.50", "100.00"],
    );
    assert.deepEqual(await progress(u, id, "2024-01-15"), {
      saved: "425.50",
      remaining: "574.50",
      percent: "42.5",
      requiredMonthlySaving: "191.50",
      onTrack: false, // 425.50 over the last three months is 141.83 a month, short of 191.50
    });
    const today = await h.call("GET", "/v1/goals", { token: u.token });
    assert.equal(today.json.items[0].progress.saved, "525.50");
  });

  test("a past target date not reached asks for all of it; a reached goal is done", async () => {
    const u = await h.newUser();
    const id = await newGoal(u, { name: "Bike", targetAmount: "600", currency: "EUR", targetDate: "2024-03-01" });
    await contribute(u, id, { amount: "200", date: "2024-02-01" });
    const late = await progress(u, id, "2024-05-10");
    assert.deepEqual([late.remaining, late.requiredMonthlySaving, late.onTrack], ["400.00", "400.00", false]);
    await contribute(u, id, { amount: "450", date: "2024-05-01" });
    assert.deepEqual(await progress(u, id, "2024-05-10"), {
      saved: "650.00",
      remaining: "0.00",
      percent: "100.0",
      requiredMonthlySaving: "0.00",
      onTrack: true,
    });
    // A withdrawal is a negative contribution.
    assert.equal((await contribute(u, id, { amount: "-100", date: "2024-05-02" })).status, 201);
    assert.equal((await progress(u, id, "2024-05-10")).saved, "550.00");
  });

  test("on track when the last three months' pace covers the required saving", async () => {
    const u = await h.newUser();
    const id = await newGoal(u, { name: "Trip", targetAmount: "1800", currency: "EUR", targetDate: "2024-06-15" });
    for (const date of ["2024-01-20", "2024-02-20", "2024-03-10"]) await contribute(u, id, { amount: "300", date });
    const p = await progress(u, id, "2024-03-15");
    assert.deepEqual([p.remaining, p.requiredMonthlySaving, p.onTrack], ["900.00", "300.00", true]);
    // A month on with nothing added: 450.00 a month is now needed, above the 300.00 pace.
    const later = await progress(u, id, "2024-04-15");
    assert.deepEqual([later.requiredMonthlySaving, later.onTrack], ["450.00", false]);
  });

  test("JPY and BHD: required saving rounds up to the currency's minor unit", async () => {
    const u = await h.newUser();
    const yen = await newGoal(u, { name: "Yen", targetAmount: "100000", currency: "JPY", targetDate: "2024-04-15" });
    const yp = await progress(u, yen, "2024-01-15");
    assert.deepEqual([yp.remaining, yp.requiredMonthlySaving], ["100000", "33334"]);
    const dinar = await newGoal(u, { name: "Dinar", targetAmount: "1", currency: "BHD", targetDate: "2024-04-15" });
    await contribute(u, dinar, { amount: "0.125", date: "2024-01-01" });
    const dp = await progress(u, dinar, "2024-01-15");
    assert.deepEqual(
      [dp.saved, dp.remaining, dp.percent, dp.requiredMonthlySaving],
      ["0.125", "0.875", "12.5", "0.292"],
    );
  });

  test("no target date: no required saving; patch and delete", async () => {
    const u = await h.newUser();
    const id = await newGoal(u, { name: "Someday", targetAmount: "50", currency: "USD" });
    const p = await progress(u, id, "2024-01-01");
    assert.deepEqual([p.requiredMonthlySaving, p.onTrack], [null, true]);
    const patched = await h.call("PATCH", `/v1/goals/${id}?asOf=2024-01-01`, {
      token: u.token,
      body: { name: "Soon", targetAmount: "60.5", targetDate: "2024-03-01" },
    });
    assert.equal(patched.status, 200);
    assert.deepEqual(
      [patched.json.name, patched.json.targetAmount, patched.json.progress.requiredMonthlySaving],
      ["Soon", "60.50", "30.25"],
    );
    const cleared = await h.call("PATCH", `/v1/goals/${id}`, { token: u.token, body: { targetDate: null } });
    assert.equal(cleared.json.progress.requiredMonthlySaving, null);
    assert.equal((await h.call("DELETE", `/v1/goals/${id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/goals/${id}`, { token: u.token })).status, 404);
    assert.equal((await h.call("GET", `/v1/goals/${id}/contributions`, { token: u.token })).status, 404);
  });
});

describe("goals: linked account", () => {
  test("progress is the account's balance up to asOf; manual contributions are refused", async () => {
    const u = await h.newUser();
    const acc = await f.account(u.id, "EUR", 20000n);
    for (const [date, minor] of [
      ["2024-01-05", 30000n],
      ["2024-01-10", -5000n],
      ["2024-06-01", 100000n],
    ] as const) {
      await f.tx({ userId: u.id, accountId: acc, date, amountMinor: minor });
    }
    const id = await newGoal(u, {
      name: "Car",
      targetAmount: "2000",
      currency: "EUR",
      targetDate: "2024-07-15",
      accountId: acc,
    });
    assert.deepEqual(await progress(u, id, "2024-01-15"), {
      saved: "450.00",
      remaining: "1550.00",
      percent: "22.5",
      requiredMonthlySaving: "258.34", // 1550.00 / 6, rounded up
      onTrack: false, // 250.00 over the last three months is far from 258.34 a month
    });
    const june = await progress(u, id, "2024-06-20");
    // Under a month left: all 550.00 now, more than the last three months' pace of 333.33 a month.
    assert.deepEqual([june.saved, june.requiredMonthlySaving, june.onTrack], ["1450.00", "550.00", false]);

    const refused = await contribute(u, id, { amount: "10" });
    assert.deepEqual([refused.status, refused.json.code], [409, "CONFLICT"]);

    // Unlinking falls back to contributions.
    const unlinked = await h.call("PATCH", `/v1/goals/${id}`, { token: u.token, body: { accountId: null } });
    assert.deepEqual([unlinked.json.accountId, unlinked.json.progress.saved], [null, "0.00"]);
    assert.equal((await contribute(u, id, { amount: "10" })).status, 201);
    const relinked = await h.call("PATCH", `/v1/goals/${id}?asOf=2024-01-15`, {
      token: u.token,
      body: { accountId: acc },
    });
    assert.equal(relinked.json.progress.saved, "450.00");
  });
});
