import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, newCategory, newTx } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe("transactions: happy path", () => {
  test("create returns the full view with the account's currency", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const cat = await newCategory(h, u);
    const res = await h.call("POST", "/v1/transactions", {
      token: u.token,
      body: {
        accountId: acc.id,
        date: "2024-03-05",
        amount: "-12.3",
        description: "Groceries at Aldi",
        merchant: "Aldi",
        categoryId: cat.id,
        notes: "weekly shop",
        tags: ["food", "food", "weekly"],
      },
    });
    assert.equal(res.status, 201, res.text);
    const { id, createdAt, updatedAt, category, ...rest } = res.json;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.ok(createdAt && updatedAt);
    // An explicit category is the person's own choice.
    const { categorizedAt, ...decision } = category;
    assert.ok(categorizedAt);
    assert.deepEqual(decision, {
      source: "manual",
      confidence: 1,
      model: null,
      modelVersion: null,
      alternatives: [],
      suggestion: null,
    });
    assert.deepEqual(rest, {
      accountId: acc.id,
      date: "2024-03-05",
      amount: "-12.30",
      currency: "EUR",
      description: "Groceries at Aldi",
      merchant: "Aldi",
      categoryId: cat.id,
      notes: "weekly shop",
      tags: ["food", "weekly"],
      externalId: null,
      importId: null,
      transferId: null,
      splits: [],
    });
  });

  test("optional fields default to null, tags to [], and an explicit matching currency is accepted", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "JPY");
    const tx = await newTx(h, u, { accountId: acc.id, amount: "-1500", currency: "jpy" });
    assert.equal(tx.amount, "-1500");
    assert.equal(tx.currency, "JPY");
    assert.equal(tx.merchant, null);
    assert.equal(tx.categoryId, null);
    assert.equal(tx.notes, null);
    assert.deepEqual(tx.tags, []);
  });

  test("get, patch every field, delete", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "USD");
    const cat = await newCategory(h, u, "Dining");
    const tx = await newTx(h, u, { accountId: acc.id, amount: "-5.00", merchant: "Cafe" });

    const got = await h.call("GET", `/v1/transactions/${tx.id}`, { token: u.token });
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, tx);

    const patch = {
      date: "2024-04-01",
      amount: "-7.5",
      description: "Lunch",
      merchant: null,
      categoryId: cat.id,
      notes: "with Sam",
      tags: ["work"],
    };
    const patched = await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body: patch });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(
      {
        date: patched.json.date,
        amount: patched.json.amount,
        description: patched.json.description,
        merchant: patched.json.merchant,
        categoryId: patched.json.categoryId,
        notes: patched.json.notes,
        tags: patched.json.tags,
      },
      { ...patch, amount: "-7.50" },
    );
    assert.equal(patched.json.createdAt, tx.createdAt);

    const cleared = await h.call("PATCH", `/v1/transactions/${tx.id}`, {
      token: u.token,
      body: { categoryId: null, notes: null },
    });
    assert.equal(cleared.json.categoryId, null);
    assert.equal(cleared.json.notes, null);
    assert.equal(cleared.json.description, "Lunch");

    const empty = await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body: {} });
    assert.equal(empty.status, 200);
    assert.equal(empty.json.amount, "-7.50");

    assert.equal((await h.call("DELETE", `/v1/transactions/${tx.id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/transactions/${tx.id}`, { token: u.token })).status, 404);
    assert.equal((await h.call("DELETE", `/v1/transactions/${tx.id}`, { token: u.token })).status, 404);
  });

  test("the OpenAPI document describes the endpoints", async () => {
    const doc = (await h.call("GET", "/openapi.json")).json;
    for (const path of [
      "/v1/transactions",
      "/v1/transactions/{id}",
      "/v1/transactions/{id}/splits",
      "/v1/transactions/{id}/splits/even",
      "/v1/transactions/bulk-recategorize",
      "/v1/transfers",
      "/v1/transfers/link",
      "/v1/transfers/{transferId}",
    ]) {
      assert.ok(doc.paths[path], path);
    }
    assert.ok(doc.components.schemas.Transaction);
  });
});
