import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { balanceOf, newAccount, newCategory, newTx } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const setup = async () => {
  const u = await h.newUser();
  const checking = await newAccount(h, u, "EUR", "Checking");
  const savings = await newAccount(h, u, "EUR", "Savings");
  return { u, checking, savings };
};

describe("transfers: happy path", () => {
  test("a transfer is two linked legs and moves balance between the accounts", async () => {
    const { u, checking, savings } = await setup();
    const transferCategory = await newCategory(h, u, "Transfers", "transfer");
    await newTx(h, u, { accountId: checking.id, amount: "500.00" });
    const res = await h.call("POST", "/v1/transfers", {
      token: u.token,
      body: { fromAccountId: checking.id, toAccountId: savings.id, date: "2024-03-01", amount: "120.5" },
    });
    assert.equal(res.status, 201, res.text);
    const { transferId, from, to } = res.json;
    assert.deepEqual([from.accountId, from.amount, from.transferId], [checking.id, "-120.50", transferId]);
    assert.deepEqual([to.accountId, to.amount, to.transferId], [savings.id, "120.50", transferId]);
    assert.equal(from.description, "Transfer to Savings");
    assert.equal(to.description, "Transfer from Checking");
    assert.equal(from.categoryId, transferCategory.id, "defaults to the person's transfer category");
    assert.equal(await balanceOf(h, u, checking.id), "379.50");
    assert.equal(await balanceOf(h, u, savings.id), "120.50");

    const got = await h.call("GET", `/v1/transfers/${transferId}`, { token: u.token });
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, res.json);
  });

  test("changing one leg's amount changes the other to its negation", async () => {
    const { u, checking, savings } = await setup();
    const { from, to } = (
      await h.call("POST", "/v1/transfers", {
        token: u.token,
        body: {
          fromAccountId: checking.id,
          toAccountId: savings.id,
          date: "2024-03-01",
          amount: "50",
          description: "Rainy day",
        },
      })
    ).json;
    assert.equal(from.description, "Rainy day");
    const res = await h.call("PATCH", `/v1/transactions/${to.id}`, { token: u.token, body: { amount: "75.25" } });
    assert.equal(res.status, 200, res.text);
    assert.equal((await h.call("GET", `/v1/transactions/${from.id}`, { token: u.token })).json.amount, "-75.25");
    assert.equal(await balanceOf(h, u, checking.id), "-75.25");
    assert.equal(await balanceOf(h, u, savings.id), "75.25");
  });

  test("concurrent edits of both legs serialize: no deadlock, and the legs still negate each other", async () => {
    const { u, checking, savings } = await setup();
    const { from, to } = (
      await h.call("POST", "/v1/transfers", {
        token: u.token,
        body: { fromAccountId: checking.id, toAccountId: savings.id, date: "2024-03-01", amount: "1.00" },
      })
    ).json;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        h.call("PATCH", `/v1/transactions/${i % 2 ? from.id : to.id}`, {
          token: u.token,
          body: { amount: i % 2 ? `-${i + 1}.00` : `${i + 1}.00` },
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array(12).fill(200),
    );
    const pair = (await h.call("GET", `/v1/transfers/${from.transferId}`, { token: u.token })).json;
    assert.equal(pair.from.amount, `-${pair.to.amount}`);
    assert.equal(await balanceOf(h, u, savings.id), pair.to.amount);
  });

  test("deleting one leg deletes both and restores both balances", async () => {
    const { u, checking, savings } = await setup();
    const { from, to, transferId } = (
      await h.call("POST", "/v1/transfers", {
        token: u.token,
        body: { fromAccountId: checking.id, toAccountId: savings.id, date: "2024-03-01", amount: "10.00" },
      })
    ).json;
    assert.equal((await h.call("DELETE", `/v1/transactions/${to.id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/transactions/${from.id}`, { token: u.token })).status, 404);
    assert.equal((await h.call("GET", `/v1/transfers/${transferId}`, { token: u.token })).status, 404);
    assert.equal(await balanceOf(h, u, checking.id), "0.00");
    assert.equal(await balanceOf(h, u, savings.id), "0.00");
  });

  test("two existing opposite transactions can be linked into a transfer", async () => {
    const { u, checking, savings } = await setup();
    const out = await newTx(h, u, { accountId: checking.id, amount: "-42.00", description: "Card payment" });
    const inn = await newTx(h, u, { accountId: savings.id, amount: "42.00", description: "Payment received" });
    const res = await h.call("POST", "/v1/transfers/link", {
      token: u.token,
      body: { transactionIds: [inn.id, out.id] },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.from.id, out.id);
    assert.equal(res.json.to.id, inn.id);
    assert.equal(res.json.from.transferId, res.json.transferId);
    const again = await h.call("POST", "/v1/transfers/link", {
      token: u.token,
      body: { transactionIds: [out.id, inn.id] },
    });
    assert.equal(again.status, 409);
  });
});

describe("transfers: errors", () => {
  test("same account, other currency, non-positive amount and bad decimals are 400s naming the field", async () => {
    const { u, checking, savings } = await setup();
    const usd = await newAccount(h, u, "USD");
    const cases: [Record<string, string>, string][] = [
      [{ toAccountId: checking.id }, "toAccountId"],
      [{ toAccountId: usd.id }, "toAccountId"],
      [{ amount: "0" }, "amount"],
      [{ amount: "-5.00" }, "amount"],
      [{ amount: "1.001" }, "amount"],
      [{ date: "2024-02-30" }, "date"],
    ];
    for (const [override, path] of cases) {
      const body = {
        fromAccountId: checking.id,
        toAccountId: savings.id,
        date: "2024-03-01",
        amount: "1.00",
        ...override,
      };
      const res = await h.call("POST", "/v1/transfers", { token: u.token, body });
      assert.equal(res.status, 400, JSON.stringify(override));
      assert.equal(res.json.errors[0].path, path, JSON.stringify(override));
    }
    const currency = await h.call("POST", "/v1/transfers", {
      token: u.token,
      body: { fromAccountId: checking.id, toAccountId: usd.id, date: "2024-03-01", amount: "1.00" },
    });
    assert.match(currency.json.detail, /not supported/);
    assert.equal((await h.call("GET", "/v1/transactions", { token: u.token })).json.items.length, 0);
  });

  test("linking needs different accounts and amounts that negate each other", async () => {
    const { u, checking, savings } = await setup();
    const a = await newTx(h, u, { accountId: checking.id, amount: "-42.00" });
    const sameAccount = await newTx(h, u, { accountId: checking.id, amount: "42.00" });
    const wrongAmount = await newTx(h, u, { accountId: savings.id, amount: "41.99" });
    for (const other of [sameAccount, wrongAmount]) {
      const res = await h.call("POST", "/v1/transfers/link", {
        token: u.token,
        body: { transactionIds: [a.id, other.id] },
      });
      assert.equal(res.status, 400);
    }
    const self = await h.call("POST", "/v1/transfers/link", { token: u.token, body: { transactionIds: [a.id, a.id] } });
    assert.equal(self.status, 400);
    assert.equal((await h.call("GET", `/v1/transactions/${a.id}`, { token: u.token })).json.transferId, null);
  });
});
