import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, newCategory, newTx } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const setup = async (currency = "EUR", amount = "-10.00") => {
  const u = await h.newUser();
  const acc = await newAccount(h, u, currency);
  const [a, b, c] = [await newCategory(h, u, "A"), await newCategory(h, u, "B"), await newCategory(h, u, "C")];
  const tx = await newTx(h, u, { accountId: acc.id, amount, categoryId: a.id });
  const put = (splits: unknown) =>
    h.call("PUT", `/v1/transactions/${tx.id}/splits`, { token: u.token, body: { splits } });
  return { u, acc, a, b, c, tx, put };
};
const amounts = (view: { splits: { amount: string }[] }) => view.splits.map((s) => s.amount);

describe("splits: happy path", () => {
  test("parts that sum exactly replace the category, keep their order, and can be replaced and removed", async () => {
    const { u, a, b, c, tx, put } = await setup();
    const res = await put([
      { categoryId: b.id, amount: "-2.5", notes: "snacks" },
      { categoryId: a.id, amount: "-7.49" },
      { categoryId: c.id, amount: "-0.01" },
    ]);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.categoryId, null, "a split transaction has no category of its own");
    assert.deepEqual(
      res.json.splits.map((s: { categoryId: string; amount: string; notes: string | null }) => [
        s.categoryId,
        s.amount,
        s.notes,
      ]),
      [
        [b.id, "-2.50", "snacks"],
        [a.id, "-7.49", null],
        [c.id, "-0.01", null],
      ],
    );
    assert.deepEqual(
      (await h.call("GET", `/v1/transactions/${tx.id}`, { token: u.token })).json.splits,
      res.json.splits,
    );

    const again = await put([
      { categoryId: c.id, amount: "-5" },
      { categoryId: c.id, amount: "-5" },
    ]);
    assert.deepEqual(amounts(again.json), ["-5.00", "-5.00"]);

    const removed = await h.call("DELETE", `/v1/transactions/${tx.id}/splits`, { token: u.token });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.json.splits, []);
    assert.equal(removed.json.categoryId, null);
  });

  test("even split: 10.00 / 3 is 3.34 + 3.33 + 3.33, signs follow the transaction", async () => {
    const { u, a, b, c, tx } = await setup("EUR", "-10.00");
    const res = await h.call("POST", `/v1/transactions/${tx.id}/splits/even`, {
      token: u.token,
      body: { categoryIds: [a.id, b.id, c.id] },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(amounts(res.json), ["-3.34", "-3.33", "-3.33"]);
    assert.deepEqual(
      res.json.splits.map((s: { categoryId: string }) => s.categoryId),
      [a.id, b.id, c.id],
    );
  });

  test("JPY has no minor digits: 1000 / 3 is 334 + 333 + 333, and decimals are rejected", async () => {
    const { u, a, b, c, tx, put } = await setup("JPY", "1000");
    const even = await h.call("POST", `/v1/transactions/${tx.id}/splits/even`, {
      token: u.token,
      body: { categoryIds: [a.id, b.id, c.id] },
    });
    assert.deepEqual(amounts(even.json), ["334", "333", "333"]);
    const exact = await put([
      { categoryId: a.id, amount: "999" },
      { categoryId: b.id, amount: "1" },
    ]);
    assert.deepEqual(amounts(exact.json), ["999", "1"]);
    const fractional = await put([
      { categoryId: a.id, amount: "999.5" },
      { categoryId: b.id, amount: "0.5" },
    ]);
    assert.equal(fractional.status, 400);
    assert.equal(fractional.json.errors[0].path, "splits.0.amount");
  });

  test("PATCH may change a split amount together with new splits, or unsplit it", async () => {
    const { u, a, b, tx, put } = await setup();
    await put([
      { categoryId: a.id, amount: "-4.00" },
      { categoryId: b.id, amount: "-6.00" },
    ]);
    const res = await h.call("PATCH", `/v1/transactions/${tx.id}`, {
      token: u.token,
      body: {
        amount: "-12.00",
        splits: [
          { categoryId: a.id, amount: "-5.00" },
          { categoryId: b.id, amount: "-7.00" },
        ],
      },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.amount, "-12.00");
    assert.deepEqual(amounts(res.json), ["-5.00", "-7.00"]);
    const unsplit = await h.call("PATCH", `/v1/transactions/${tx.id}`, {
      token: u.token,
      body: { amount: "-1.00", splits: null, categoryId: b.id },
    });
    assert.equal(unsplit.status, 200, unsplit.text);
    assert.deepEqual([unsplit.json.amount, unsplit.json.categoryId, unsplit.json.splits], ["-1.00", b.id, []]);
  });
});

describe("splits: errors", () => {
  test("parts that miss the total are a 400 saying by how much, and change nothing", async () => {
    const { u, a, b, tx, put } = await setup("EUR", "-10.00");
    const short = await put([
      { categoryId: a.id, amount: "-3.33" },
      { categoryId: b.id, amount: "-6.66" },
    ]);
    assert.equal(short.status, 400);
    assert.equal(short.json.errors[0].path, "splits");
    assert.match(short.json.detail, /-9\.99/);
    assert.match(short.json.detail, /-10\.00/);
    assert.match(short.json.detail, /difference -0\.01/);
    const over = await put([
      { categoryId: a.id, amount: "-5.00" },
      { categoryId: b.id, amount: "-5.02" },
    ]);
    assert.match(over.json.detail, /difference 0\.02/);
    assert.deepEqual((await h.call("GET", `/v1/transactions/${tx.id}`, { token: u.token })).json, tx);
  });

  test("shape, sign and count rules", async () => {
    const { a, b, put } = await setup("EUR", "-10.00");
    const cases: [unknown, string][] = [
      [[{ categoryId: a.id, amount: "-10.00" }], "splits"],
      [Array.from({ length: 51 }, () => ({ categoryId: a.id, amount: "0" })), "splits"],
      [
        [
          { categoryId: a.id, amount: "-12.00" },
          { categoryId: b.id, amount: "2.00" },
        ],
        "splits.1.amount",
      ],
      [
        [
          { categoryId: a.id, amount: "-10.001" },
          { categoryId: b.id, amount: "0" },
        ],
        "splits.0.amount",
      ],
      [
        [
          { categoryId: "x", amount: "-5" },
          { categoryId: b.id, amount: "-5" },
        ],
        "splits.0.categoryId",
      ],
    ];
    for (const [splits, path] of cases) {
      const res = await put(splits);
      assert.equal(res.status, 400, path);
      assert.equal(res.json.errors[0].path, path);
    }
  });

  test("changing a split transaction's amount alone is a 409; a category on it too", async () => {
    const { u, a, b, tx, put } = await setup();
    await put([
      { categoryId: a.id, amount: "-4.00" },
      { categoryId: b.id, amount: "-6.00" },
    ]);
    const amount = await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body: { amount: "-11.00" } });
    assert.equal(amount.status, 409);
    const category = await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body: { categoryId: a.id } });
    assert.equal(category.status, 409);
    const mismatch = await h.call("PATCH", `/v1/transactions/${tx.id}`, {
      token: u.token,
      body: {
        amount: "-11.00",
        splits: [
          { categoryId: a.id, amount: "-4.00" },
          { categoryId: b.id, amount: "-6.00" },
        ],
      },
    });
    assert.equal(mismatch.status, 400);
    const view = (await h.call("GET", `/v1/transactions/${tx.id}`, { token: u.token })).json;
    assert.equal(view.amount, "-10.00");
    assert.deepEqual(amounts(view), ["-4.00", "-6.00"]);
  });
});

describe("bulk recategorize", () => {
  test("recategorizes all given transactions, unsplitting split ones", async () => {
    const { u, acc, a, b, c, tx, put } = await setup();
    await put([
      { categoryId: a.id, amount: "-4.00" },
      { categoryId: b.id, amount: "-6.00" },
    ]);
    const other = await newTx(h, u, { accountId: acc.id, amount: "-1.00" });
    const untouched = await newTx(h, u, { accountId: acc.id, amount: "-2.00", categoryId: a.id });
    const res = await h.call("POST", "/v1/transactions/bulk-recategorize", {
      token: u.token,
      body: { ids: [tx.id, other.id, other.id], categoryId: c.id },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { updated: 2 });
    for (const id of [tx.id, other.id]) {
      const view = (await h.call("GET", `/v1/transactions/${id}`, { token: u.token })).json;
      assert.deepEqual([view.categoryId, view.splits], [c.id, []]);
    }
    assert.equal((await h.call("GET", `/v1/transactions/${untouched.id}`, { token: u.token })).json.categoryId, a.id);
    const cleared = await h.call("POST", "/v1/transactions/bulk-recategorize", {
      token: u.token,
      body: { ids: [tx.id], categoryId: null },
    });
    assert.deepEqual(cleared.json, { updated: 1 });
    assert.equal((await h.call("GET", `/v1/transactions/${tx.id}`, { token: u.token })).json.categoryId, null);
  });

  test("all or nothing: one unknown id is a 404 and nothing changes", async () => {
    const { u, a, c, tx } = await setup();
    const res = await h.call("POST", "/v1/transactions/bulk-recategorize", {
      token: u.token,
      body: { ids: [tx.id, crypto.randomUUID()], categoryId: c.id },
    });
    assert.equal(res.status, 404);
    assert.equal((await h.call("GET", `/v1/transactions/${tx.id}`, { token: u.token })).json.categoryId, a.id);
  });
});
