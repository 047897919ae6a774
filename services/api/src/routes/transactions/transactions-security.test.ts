import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { balanceOf, newAccount, newCategory, newTx } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** Alice's data, plus Bob's own account and category to aim at it with. */
const setup = async () => {
  const alice = await h.newUser();
  const bob = await h.newUser();
  const aliceAcc = await newAccount(h, alice, "EUR", "Alice main");
  const aliceSavings = await newAccount(h, alice, "EUR", "Alice savings");
  const aliceCat = await newCategory(h, alice, "Alice's");
  const tx = await newTx(h, alice, { accountId: aliceAcc.id, amount: "-10.00", categoryId: aliceCat.id });
  const transfer = (
    await h.call("POST", "/v1/transfers", {
      token: alice.token,
      body: { fromAccountId: aliceAcc.id, toAccountId: aliceSavings.id, date: "2024-01-01", amount: "5.00" },
    })
  ).json;
  const bobAcc = await newAccount(h, bob, "EUR", "Bob main");
  const bobCat = await newCategory(h, bob, "Bob's");
  const bobTx = await newTx(h, bob, { accountId: bobAcc.id, amount: "10.00" });
  const snapshot = async () => ({
    tx: (await h.call("GET", `/v1/transactions/${tx.id}`, { token: alice.token })).json,
    transfer: (await h.call("GET", `/v1/transfers/${transfer.transferId}`, { token: alice.token })).json,
    balances: [await balanceOf(h, alice, aliceAcc.id), await balanceOf(h, alice, aliceSavings.id)],
    bob: (await h.call("GET", "/v1/transactions", { token: bob.token })).json,
  });
  return { alice, bob, aliceAcc, aliceSavings, aliceCat, tx, transfer, bobAcc, bobCat, bobTx, snapshot };
};

describe("transactions: security", () => {
  test("no token answers 401", async () => {
    for (const [method, path] of [
      ["GET", "/v1/transactions"],
      ["POST", "/v1/transactions"],
      ["POST", "/v1/transfers"],
    ]) {
      assert.equal((await h.call(method!, path!)).status, 401, path);
    }
  });

  test("another person's ids answer 404 on every endpoint, and nothing changes", async () => {
    const s = await setup();
    const before = await s.snapshot();
    const even = { categoryIds: [s.bobCat.id, s.bobCat.id] };
    const split = {
      splits: [
        { categoryId: s.bobCat.id, amount: "-5" },
        { categoryId: s.bobCat.id, amount: "-5" },
      ],
    };
    const attempts: [string, string, unknown?][] = [
      ["GET", `/v1/transactions/${s.tx.id}`],
      ["PATCH", `/v1/transactions/${s.tx.id}`, { description: "pwned" }],
      ["DELETE", `/v1/transactions/${s.tx.id}`],
      ["PUT", `/v1/transactions/${s.tx.id}/splits`, split],
      ["DELETE", `/v1/transactions/${s.tx.id}/splits`],
      ["POST", `/v1/transactions/${s.tx.id}/splits/even`, even],
      ["POST", "/v1/transactions/bulk-recategorize", { ids: [s.bobTx.id, s.tx.id], categoryId: s.bobCat.id }],
      ["GET", `/v1/transfers/${s.transfer.transferId}`],
      ["DELETE", `/v1/transactions/${s.transfer.from.id}`],
      ["PATCH", `/v1/transactions/${s.transfer.to.id}`, { amount: "1.00" }],
      ["POST", "/v1/transactions", { accountId: s.aliceAcc.id, date: "2024-01-01", amount: "1.00", description: "x" }],
      [
        "POST",
        "/v1/transfers",
        { fromAccountId: s.bobAcc.id, toAccountId: s.aliceAcc.id, date: "2024-01-01", amount: "1" },
      ],
      [
        "POST",
        "/v1/transfers",
        { fromAccountId: s.aliceAcc.id, toAccountId: s.bobAcc.id, date: "2024-01-01", amount: "1" },
      ],
      ["POST", "/v1/transfers/link", { transactionIds: [s.bobTx.id, s.tx.id] }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await h.call(method, path, { token: s.bob.token, body });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      assert.equal(res.json.code, "NOT_FOUND");
    }
    assert.deepEqual(await s.snapshot(), before);
  });

  test("another person's category can't be referenced from one's own transactions", async () => {
    const s = await setup();
    const before = await s.snapshot();
    const attempts: [string, string, unknown][] = [
      [
        "POST",
        "/v1/transactions",
        { accountId: s.bobAcc.id, date: "2024-01-01", amount: "1", description: "x", categoryId: s.aliceCat.id },
      ],
      ["PATCH", `/v1/transactions/${s.bobTx.id}`, { categoryId: s.aliceCat.id }],
      [
        "PUT",
        `/v1/transactions/${s.bobTx.id}/splits`,
        {
          splits: [
            { categoryId: s.bobCat.id, amount: "5" },
            { categoryId: s.aliceCat.id, amount: "5" },
          ],
        },
      ],
      ["POST", `/v1/transactions/${s.bobTx.id}/splits/even`, { categoryIds: [s.bobCat.id, s.aliceCat.id] }],
      ["POST", "/v1/transactions/bulk-recategorize", { ids: [s.bobTx.id], categoryId: s.aliceCat.id }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await h.call(method, path, { token: s.bob.token, body });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      assert.match(res.json.detail, /category/);
    }
    assert.deepEqual(await s.snapshot(), before);
  });

  test("listing never shows another person's rows, whatever the filters", async () => {
    const s = await setup();
    for (const query of [
      "",
      `accountId=${s.aliceAcc.id}`,
      `categoryId=${s.aliceCat.id}`,
      "q=transfer",
      "minAmount=-100",
    ]) {
      const res = await h.call("GET", `/v1/transactions?${query}`, { token: s.bob.token });
      assert.equal(res.status, 200);
      assert.ok(
        res.json.items.every((t: { accountId: string }) => t.accountId === s.bobAcc.id),
        query,
      );
    }
  });
});
