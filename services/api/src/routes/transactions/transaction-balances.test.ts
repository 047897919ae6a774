import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { balanceOf, newAccount, newCategory, newTx } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe("account balances follow transactions", () => {
  test("opening balance plus every create, patch, split, transfer and delete", async () => {
    const u = await h.newUser();
    const res = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "Main", type: "checking", currency: "EUR", openingBalance: "100.00" },
    });
    const main = res.json;
    const card = await newAccount(h, u, "EUR", "Card");
    const [a, b] = [await newCategory(h, u, "A"), await newCategory(h, u, "B")];

    const tx = await newTx(h, u, { accountId: main.id, amount: "-30.01" });
    assert.equal(await balanceOf(h, u, main.id), "69.99");
    await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body: { amount: "-40.00" } });
    assert.equal(await balanceOf(h, u, main.id), "60.00");
    // Splitting moves money between categories, never between accounts.
    await h.call("POST", `/v1/transactions/${tx.id}/splits/even`, {
      token: u.token,
      body: { categoryIds: [a.id, b.id] },
    });
    assert.equal(await balanceOf(h, u, main.id), "60.00");

    const transfer = await h.call("POST", "/v1/transfers", {
      token: u.token,
      body: { fromAccountId: main.id, toAccountId: card.id, date: "2024-01-01", amount: "25.00" },
    });
    assert.equal(await balanceOf(h, u, main.id), "35.00");
    assert.equal(await balanceOf(h, u, card.id), "25.00");
    const list = (await h.call("GET", "/v1/accounts", { token: u.token })).json.items;
    assert.deepEqual(
      list.map((x: { balance: string }) => x.balance),
      ["35.00", "25.00"],
    );

    await h.call("DELETE", `/v1/transactions/${transfer.json.from.id}`, { token: u.token });
    await h.call("DELETE", `/v1/transactions/${tx.id}`, { token: u.token });
    assert.equal(await balanceOf(h, u, main.id), "100.00");
    assert.equal(await balanceOf(h, u, card.id), "0.00");
  });

  test("JPY and BHD balances stay exact in their own precision", async () => {
    const u = await h.newUser();
    const jpy = await newAccount(h, u, "JPY");
    const bhd = await newAccount(h, u, "BHD");
    for (let i = 0; i < 10; i++) {
      await newTx(h, u, { accountId: jpy.id, amount: "-333" });
      await newTx(h, u, { accountId: bhd.id, amount: "0.001" });
    }
    assert.equal(await balanceOf(h, u, jpy.id), "-3330");
    assert.equal(await balanceOf(h, u, bhd.id), "0.010");
  });
});
