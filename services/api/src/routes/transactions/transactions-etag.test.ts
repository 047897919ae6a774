import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, newTx } from "./test-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** 200 with an ETag, 304 for it, and after `change` a 200 with another ETag; in process and over HTTP. */
const revalidates = async (path: string, token: string, change: () => Promise<void>, http: boolean) => {
  const first = await h.call("GET", path, { token, http });
  assert.equal(first.status, 200, first.text);
  const etag = first.headers.get("etag")!;
  assert.match(etag, /^"[\w-]{27}"$/);
  assert.equal(first.headers.get("cache-control"), "private, no-cache");

  const same = await h.call("GET", path, { token, http, headers: { "if-none-match": etag } });
  assert.equal(same.status, 304);
  assert.equal(same.text, "");
  assert.equal(same.headers.get("etag"), etag);
  assert.equal(same.headers.get("cache-control"), "private, no-cache");
  assert.ok(same.headers.get("x-request-id"));

  await change();
  const changed = await h.call("GET", path, { token, http, headers: { "if-none-match": etag } });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.get("etag"), etag);
  return changed;
};

describe("transactions: ETag and If-None-Match", () => {
  for (const http of [false, true]) {
    test(`the list: 200 with an ETag, then 304, then 200 with a new ETag after a write${http ? " (over HTTP)" : ""}`, async () => {
      const u = await h.newUser();
      const acc = await newAccount(h, u);
      await newTx(h, u, { accountId: acc.id, amount: "-1.00" });
      const changed = await revalidates(
        "/v1/transactions?limit=10",
        u.token,
        async () => void (await newTx(h, u, { accountId: acc.id, amount: "-2.00" })),
        http,
      );
      assert.equal(changed.json.items.length, 2);
    });
  }

  test("one transaction: 200 with an ETag, then 304, then 200 with a new ETag after an edit", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u);
    const tx = await newTx(h, u, { accountId: acc.id, amount: "-1.00" });
    const edit = async () => {
      const res = await h.call("PATCH", `/v1/transactions/${tx.id}`, { token: u.token, body: { notes: "edited" } });
      assert.equal(res.status, 200, res.text);
    };
    const changed = await revalidates(`/v1/transactions/${tx.id}`, u.token, edit, false);
    assert.equal(changed.json.notes, "edited");
  });

  test("the same page for two people never shares a tag, and one person's tag gets no 304 from the other's", async () => {
    const [a, b] = [await h.newUser(), await h.newUser()];
    await newTx(h, a, { accountId: (await newAccount(h, a)).id, amount: "-1.00" });
    await newTx(h, b, { accountId: (await newAccount(h, b)).id, amount: "-1.00" });
    const pageA = await h.call("GET", "/v1/transactions", { token: a.token });
    const etagA = pageA.headers.get("etag")!;
    const pageB = await h.call("GET", "/v1/transactions", { token: b.token, headers: { "if-none-match": etagA } });
    assert.equal(pageB.status, 200);
    assert.notEqual(pageB.headers.get("etag"), etagA);
  });

  test("writes, errors and the export are no-store and carry no ETag", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u);
    const created = await h.call("POST", "/v1/transactions", {
      token: u.token,
      body: { accountId: acc.id, date: "2024-03-01", amount: "-1.00", description: "x" },
    });
    const invalid = await h.call("GET", "/v1/transactions?limit=0", { token: u.token });
    const unauthenticated = await h.call("GET", "/v1/transactions");
    const exported = await h.call("GET", "/v1/transactions/export?format=csv", { token: u.token });
    for (const [name, res, status] of [
      ["create", created, 201],
      ["invalid query", invalid, 400],
      ["no token", unauthenticated, 401],
      ["export", exported, 200],
    ] as const) {
      assert.equal(res.status, status, `${name}: ${res.text}`);
      assert.equal(res.headers.get("cache-control"), "no-store", name);
      assert.equal(res.headers.get("etag"), null, name);
    }
  });
});
