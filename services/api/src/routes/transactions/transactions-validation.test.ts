import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, newCategory, newTx, type TestUser } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const paths = (res: { json: { errors?: { path: string }[] } }) => [
  ...new Set((res.json.errors ?? []).map((e) => e.path).sort()),
];
const count = async (u: TestUser) => (await h.call("GET", "/v1/transactions", { token: u.token })).json.items.length;

describe("transactions: validation", () => {
  test("bad create fields answer 400 problem+json naming each field, and create nothing", async () => {
    const u = await h.newUser();
    const res = await h.call("POST", "/v1/transactions", {
      token: u.token,
      body: { accountId: "nope", date: "2024-02-30", amount: 12.34, description: "", tags: "x" },
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.deepEqual(paths(res), ["accountId", "amount", "date", "description", "tags"]);
    assert.equal(await count(u), 0);
  });

  test("too many decimals for the currency is a 400 naming amount, never rounded", async () => {
    const u = await h.newUser();
    for (const [currency, amount] of [
      ["EUR", "-1.234"],
      ["JPY", "-1.5"],
      ["BHD", "1.0001"],
    ] as const) {
      const acc = await newAccount(h, u, currency);
      const res = await h.call("POST", "/v1/transactions", {
        token: u.token,
        body: { accountId: acc.id, date: "2024-01-01", amount, description: "x" },
      });
      assert.equal(res.status, 400, currency);
      assert.deepEqual(paths(res), ["amount"]);
    }
    assert.equal(await count(u), 0);
  });

  test("a currency other than the account's is a 400 naming currency", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const res = await h.call("POST", "/v1/transactions", {
      token: u.token,
      body: { accountId: acc.id, date: "2024-01-01", amount: "-1.00", currency: "USD", description: "x" },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res), ["currency"]);
    assert.match(res.json.detail, /EUR/);
  });

  test("unknown account or category is a 404 naming which", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u);
    const missing = "00000000-0000-4000-8000-000000000000";
    const noAccount = await h.call("POST", "/v1/transactions", {
      token: u.token,
      body: { accountId: missing, date: "2024-01-01", amount: "-1.00", description: "x" },
    });
    assert.equal(noAccount.status, 404);
    assert.match(noAccount.json.detail, /accountId/);
    const noCategory = await h.call("POST", "/v1/transactions", {
      token: u.token,
      body: { accountId: acc.id, date: "2024-01-01", amount: "-1.00", description: "x", categoryId: missing },
    });
    assert.equal(noCategory.status, 404);
    assert.match(noCategory.json.detail, /categoryId/);
    assert.equal(await count(u), 0);
  });

  test("bad patches answer 400 and change nothing", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "JPY");
    const tx = await newTx(h, u, { accountId: acc.id, amount: "-100" });
    const cases: [unknown, string[]][] = [
      [{ amount: "-1.5" }, ["amount"]],
      [{ date: "yesterday" }, ["date"]],
      [{ description: " " }, ["description"]],
      [{ tags: [""] }, ["tags.0"]],
    ];
    for (const [body, expected] of cases) {
      const res = await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(paths(res), expected, JSON.stringify(body));
    }
    const moved = await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body: { accountId: acc.id } });
    assert.equal(moved.status, 400, "the account is fixed: unknown keys are rejected");
    assert.match(moved.json.detail, /accountId/);
    assert.deepEqual((await h.call("GET", `/v1/transactions/${tx.id}`, { token: u.token })).json, tx);
  });

  test("list query parameters are validated and name their field", async () => {
    const u = await h.newUser();
    const bad = [
      ["limit=0", "query.limit"],
      ["limit=201", "query.limit"],
      ["limit=abc", "query.limit"],
      ["accountId=1", "query.accountId"],
      ["from=2024-13-01", "query.from"],
      ["from=2024-02-01&to=2024-01-01", "query.to"],
      ["minAmount=1e3", "query.minAmount"],
      ["maxAmount=12.34567", "query.maxAmount"],
    ];
    for (const [query, path] of bad) {
      const res = await h.call("GET", `/v1/transactions?${query}`, { token: u.token });
      assert.equal(res.status, 400, query);
      assert.deepEqual(paths(res), [path], query);
    }
  });

  test("a tampered or made-up cursor is a 400 naming cursor", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u);
    for (let i = 0; i < 3; i++) await newTx(h, u, { accountId: acc.id, amount: "-1.00" });
    const { nextCursor } = (await h.call("GET", "/v1/transactions?limit=1", { token: u.token })).json;
    assert.ok(nextCursor);
    const forged = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");
    for (const cursor of [
      `${nextCursor.slice(0, -4)}AAAA`,
      `${nextCursor}!`,
      "not-a-cursor",
      forged({ d: "2024-01-01", i: "nope" }),
      forged({ d: "2024-02-31", i: "00000000-0000-4000-8000-000000000000" }),
      forged({ d: "2024-01-01", i: "00000000-0000-4000-8000-000000000000", sql: "1" }),
      forged(["2024-01-01"]),
    ]) {
      const res = await h.call("GET", `/v1/transactions?cursor=${encodeURIComponent(cursor)}`, { token: u.token });
      assert.equal(res.status, 400, cursor);
      assert.deepEqual(paths(res), ["query.cursor"]);
    }
  });

  test("bulk recategorize validates ids and their count", async () => {
    const u = await h.newUser();
    const cat = await newCategory(h, u);
    const tooMany = Array.from({ length: 1001 }, () => crypto.randomUUID());
    for (const [body, path] of [
      [{ ids: [], categoryId: cat.id }, "ids"],
      [{ ids: tooMany, categoryId: cat.id }, "ids"],
      [{ ids: ["x"], categoryId: cat.id }, "ids.0"],
      [{ ids: [cat.id] }, "categoryId"],
    ] as const) {
      const res = await h.call("POST", "/v1/transactions/bulk-recategorize", { token: u.token, body });
      assert.equal(res.status, 400, path);
      assert.deepEqual(paths(res), [path]);
    }
  });
});
