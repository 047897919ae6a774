import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { userEventStreamKey } from "@fincoach/events";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { fixtures } from "../categories/category-fixtures.ts";
import { newAccount, upload } from "../imports/import-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof fixtures>;
before(async () => {
  h = await startHarness();
  f = fixtures(h);
});
after(() => h.close());

// The evaluator's today is UTC today; so are these dates.
const today = () => new Date().toISOString().slice(0, 10);

type User = { id: string; token: string };

/** The person's own event stream, as GET /v1/events reads it. */
const eventsOf = async (u: User) =>
  (await h.redis.xrange(userEventStreamKey(h.config.redisPrefix, u.id), "-", "+")).map(([, fields]) => {
    const [type, data] = [fields[fields.indexOf("type") + 1], fields[fields.indexOf("data") + 1]];
    return { type, data: JSON.parse(data ?? "null") as Record<string, unknown> };
  });

const charge = (u: User, accountId: string, amount = "-12.50", merchant = "Corner Shop") =>
  h.call("POST", "/v1/transactions", {
    token: u.token,
    body: { accountId, date: today(), amount, description: merchant, merchant, categoryId: null },
  });

describe("alerts API", () => {
  test("a duplicate charge created through the API is stored once and announced on the person's stream only", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const account = await newAccount(h, alice);
    await newAccount(h, bob);
    assert.equal((await charge(alice, account.id)).status, 201);
    assert.equal((await charge(alice, account.id)).status, 201);
    const list = await h.call("GET", "/v1/alerts", { token: alice.token });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.json.items.map((a: { kind: string; details: { amount: string } }) => [a.kind, a.details.amount]),
      [["duplicate_charge", "12.50"]],
    );
    assert.equal(list.json.nextCursor, null);
    const alertId = list.json.items[0].id as string;
    const raised = (await eventsOf(alice)).filter((e) => e.type === "alert.raised");
    assert.deepEqual(raised, [{ type: "alert.raised", data: { alertId, kind: "duplicate_charge" } }]);
    assert.deepEqual(
      (await eventsOf(bob)).filter((e) => e.type === "alert.raised"),
      [],
    );
    // Bob sees none of it.
    assert.deepEqual((await h.call("GET", "/v1/alerts", { token: bob.token })).json.items, []);
    for (const [method, path] of [
      ["GET", `/v1/alerts/${alertId}`],
      ["POST", `/v1/alerts/${alertId}/acknowledge`],
    ] as const) {
      const res = await h.call(method, path, { token: bob.token });
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
    }
    const acked = await h.call("POST", `/v1/alerts/${alertId}/acknowledge`, { token: alice.token });
    assert.equal(acked.status, 200);
    assert.ok(acked.json.acknowledgedAt);
    const unacked = await h.call("GET", "/v1/alerts?acknowledged=false", { token: alice.token });
    assert.deepEqual(unacked.json.items, []);
    assert.equal(
      (await h.call("GET", "/v1/alerts?kind=duplicate_charge&acknowledged=true", { token: alice.token })).json.items
        .length,
      1,
    );
  });

  test("a synchronous import raises its alerts once; importing the same file again raises nothing new", async () => {
    const alice = await h.newUser();
    const account = await newAccount(h, alice);
    const qif = `!Type:Bank\nD${today()}\nT-42.00\nPTwice Store\nMfirst\n^\nD${today()}\nT-42.00\nPTwice Store\nMsecond\n^\n`;
    const first = await upload(h, alice, { accountId: account.id, content: qif, filename: "s.qif" });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.inserted, 2);
    const again = await upload(h, alice, { accountId: account.id, content: qif, filename: "s.qif" });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.json.inserted, 0);
    const list = await h.call("GET", "/v1/alerts", { token: alice.token });
    assert.deepEqual(
      list.json.items.map((a: { kind: string }) => a.kind),
      ["duplicate_charge"],
    );
    assert.equal((await eventsOf(alice)).filter((e) => e.type === "alert.raised").length, 1);
  });

  test("mutes: create (201, again 200), list, delete (204, again 404), someone else's 404, bad bodies 400", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const created = await h.call("POST", "/v1/alerts/mutes", {
      token: alice.token,
      body: { kind: "duplicate_charge" },
    });
    assert.equal(created.status, 201);
    assert.equal(created.json.kind, "duplicate_charge");
    const repeat = await h.call("POST", "/v1/alerts/mutes", { token: alice.token, body: { kind: "duplicate_charge" } });
    assert.equal(repeat.status, 200);
    assert.equal(repeat.json.id, created.json.id);
    // Muted: duplicate charges are not raised.
    const account = await newAccount(h, alice);
    await charge(alice, account.id, "-3.00");
    await charge(alice, account.id, "-3.00");
    assert.deepEqual((await h.call("GET", "/v1/alerts", { token: alice.token })).json.items, []);
    assert.deepEqual(
      (await h.call("GET", "/v1/alerts/mutes", { token: alice.token })).json.items.map((m: { id: string }) => m.id),
      [created.json.id],
    );
    assert.deepEqual((await h.call("GET", "/v1/alerts/mutes", { token: bob.token })).json.items, []);
    assert.equal((await h.call("DELETE", `/v1/alerts/mutes/${created.json.id}`, { token: bob.token })).status, 404);
    assert.equal((await h.call("DELETE", `/v1/alerts/mutes/${created.json.id}`, { token: alice.token })).status, 204);
    assert.equal((await h.call("DELETE", `/v1/alerts/mutes/${created.json.id}`, { token: alice.token })).status, 404);
    const alicesFood = await (async () => {
      const u = await f.seededUser();
      return { u, food: await f.categoryId(u.id, "Food") };
    })();
    const foreign = await h.call("POST", "/v1/alerts/mutes", {
      token: bob.token,
      body: { categoryId: alicesFood.food },
    });
    assert.equal(foreign.status, 404);
    for (const body of [{}, { kind: "nope" }, { kind: "budget_over", categoryId: alicesFood.food }]) {
      const res = await h.call("POST", "/v1/alerts/mutes", { token: alice.token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
    }
  });

  test("list: bad filters are 400 problem+json; no token is 401", async () => {
    const alice = await h.newUser();
    for (const q of ["kind=nope", "acknowledged=maybe", "since=yesterday", "limit=0", "cursor=%%%"]) {
      const res = await h.call("GET", `/v1/alerts?${q}`, { token: alice.token });
      assert.equal(res.status, 400, q);
      assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
    }
    assert.equal((await h.call("GET", "/v1/alerts")).status, 401);
    assert.equal((await h.call("GET", "/v1/alerts/mutes")).status, 401);
  });

  test("GET /v1/budgets/{id}/pace: figures, time zone, someone else's 404, bad time zone 400", async () => {
    const alice = await f.seededUser();
    const bob = await f.seededUser();
    const groceries = await f.categoryId(alice.id, "Groceries", "Food");
    const accountId = await f.account(alice.id);
    await f.tx({ userId: alice.id, accountId, date: "2026-04-03", amountMinor: -10000n, categoryId: groceries });
    await f.tx({ userId: alice.id, accountId, date: "2026-04-10", amountMinor: -4000n, categoryId: groceries });
    const b = await h.call("POST", "/v1/budgets", {
      token: alice.token,
      body: { categoryId: groceries, period: "monthly", amount: "300", currency: "EUR", startDate: "2026-01-01" },
    });
    assert.equal(b.status, 201, b.text);
    const pace = await h.call("GET", `/v1/budgets/${b.json.id}/pace?asOf=2026-04-14&timeZone=Europe/Berlin`, {
      token: alice.token,
    });
    assert.equal(pace.status, 200, pace.text);
    assert.deepEqual(
      [
        pace.json.basis,
        pace.json.expected,
        pace.json.daysAhead,
        pace.json.projected,
        pace.json.status,
        pace.json.timeZone,
      ],
      ["linear", "140.00", 0, "300.00", "on_pace", "Europe/Berlin"],
    );
    assert.equal((await h.call("GET", `/v1/budgets/${b.json.id}/pace`, { token: bob.token })).status, 404);
    const bad = await h.call("GET", `/v1/budgets/${b.json.id}/pace?timeZone=Nowhere/Land`, { token: alice.token });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get("content-type") ?? "", /application\/problem\+json/);
  });

  test("the OpenAPI document has every alert and pace operation, and the schemas carry examples", async () => {
    const doc = (await h.call("GET", "/openapi.json")).json;
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    for (const op of [
      "get /v1/alerts",
      "get /v1/alerts/{id}",
      "post /v1/alerts/{id}/acknowledge",
      "get /v1/alerts/mutes",
      "post /v1/alerts/mutes",
      "delete /v1/alerts/mutes/{id}",
      "get /v1/budgets/{id}/pace",
    ])
      assert.ok(documented.includes(op), op);
    for (const id of ["Alert", "AlertMute", "CreateAlertMute", "BudgetPace"])
      assert.ok(doc.components.schemas[id]?.example, `${id} has an example`);
  });
});
