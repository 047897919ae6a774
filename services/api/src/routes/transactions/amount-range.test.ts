import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, newTx, type TestUser } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const paths = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path);
const count = async (u: TestUser) => (await h.call("GET", "/v1/transactions", { token: u.token })).json.items.length;
const post = (u: TestUser, accountId: string, amount: string) =>
  h.call("POST", "/v1/transactions", {
    token: u.token,
    body: { accountId, date: "2024-01-01", amount, description: "x" },
  });

describe("amounts beyond MAX_AMOUNT_MINOR (10^15 - 1 minor units) answer 400 naming the field, never 500", () => {
  test("4-decimal currencies: 999999999999999.9999 overflowed 64-bit minor units and answered 500", async () => {
    const u = await h.newUser();
    for (const currency of ["CLF", "UYW"]) {
      const acc = await newAccount(h, u, currency);
      for (const amount of ["999999999999999.9999", "-999999999999999.9999", "100000000000.0000"]) {
        const res = await post(u, acc.id, amount);
        assert.equal(res.status, 400, `${currency} ${amount}: ${res.text}`);
        assert.equal(res.headers.get("content-type"), "application/problem+json");
        assert.deepEqual(paths(res), ["amount"]);
        assert.match(res.json.errors[0].message, /out of range: at most ±99999999999\.9999/);
      }
      assert.equal((await post(u, acc.id, "99999999999.9999")).status, 201, currency);
    }
    const jpy = await newAccount(h, u, "JPY");
    const tooLong = await post(u, jpy.id, "1000000000000000");
    assert.equal(tooLong.status, 400, tooLong.text);
    assert.deepEqual(paths(tooLong), ["amount"]);
    assert.equal((await post(u, jpy.id, "999999999999999")).status, 201);
    assert.equal(await count(u), 3);
  });

  test("the bound in 2-decimal currencies, on create, update, transfer and opening balance", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const other = await newAccount(h, u, "EUR", "Savings");
    assert.deepEqual(paths(await post(u, acc.id, "10000000000000.00")), ["amount"]);
    const tx = await newTx(h, u, { accountId: acc.id, amount: "-9999999999999.99" });
    const patch = await h.call("PATCH", `/v1/transactions/${tx.id}`, {
      token: u.token,
      body: { amount: "-10000000000000" },
    });
    assert.equal(patch.status, 400, patch.text);
    assert.deepEqual(paths(patch), ["amount"]);
    const transfer = await h.call("POST", "/v1/transfers", {
      token: u.token,
      body: { fromAccountId: acc.id, toAccountId: other.id, date: "2024-01-02", amount: "10000000000000.00" },
    });
    assert.equal(transfer.status, 400, transfer.text);
    assert.deepEqual(paths(transfer), ["amount"]);
    const opening = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "Big", type: "checking", currency: "CLF", openingBalance: "100000000000" },
    });
    assert.equal(opening.status, 400, opening.text);
    assert.deepEqual(paths(opening), ["openingBalance"]);
    assert.equal(await count(u), 1);
  });

  test("list filters at the wire's extremes answer 200 (no bigint overflow in SQL)", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "CLF");
    await newTx(h, u, { accountId: acc.id, amount: "1.0000" });
    const res = await h.call("GET", "/v1/transactions?minAmount=-999999999999999.9999&maxAmount=999999999999999.9999", {
      token: u.token,
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.items.length, 1);
  });
});
