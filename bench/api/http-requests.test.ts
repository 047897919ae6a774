import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BenchUser } from "./bench-users.ts";
import { seenIn, toHttpRequest } from "./http-requests.ts";

const user: BenchUser = {
  userId: "u",
  accountId: "a1",
  currency: "EUR",
  accounts: [{ id: "a1", currency: "EUR" }],
  categoryIds: ["c1"],
  token: "tok",
};

describe("ops as HTTP requests", () => {
  test("a list op carries its filters and cursor in the query string", () => {
    const r = toHttpRequest({ kind: "list", user: 0, filters: { q: "a&b", from: "2026-01-01" }, cursor: "xyz" }, user);
    const url = new URL(r.path, "http://x");
    assert.equal(url.pathname, "/v1/transactions");
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      limit: "50",
      q: "a&b",
      from: "2026-01-01",
      cursor: "xyz",
    });
    assert.equal(r.headers.authorization, "Bearer tok");
  });

  test("an import is a multipart upload a standard parser reads back: the account and the CSV file", async () => {
    const rows = [
      { date: "2026-11-21", description: "TESCO STORES", amount: "-12.30" },
      { date: "2026-11-22", description: "AMAZON EU", amount: "-7.99" },
    ];
    const r = toHttpRequest({ kind: "import", user: 0, account: user.accounts[0]!, filename: "s.csv", rows }, user);
    assert.equal(r.method, "POST");
    const form = await new Request("http://x/v1/imports", {
      method: "POST",
      headers: { "content-type": r.headers["content-type"]! },
      body: r.body!,
    }).formData();
    assert.equal(form.get("accountId"), "a1");
    const file = form.get("file") as File;
    assert.equal(file.name, "s.csv");
    assert.equal(
      await file.text(),
      "Date,Description,Amount\n2026-11-21,TESCO STORES,-12.30\n2026-11-22,AMAZON EU,-7.99\n",
    );
  });

  test("an answer's next cursor and first id are read back; errors and other kinds reveal nothing", () => {
    const page = JSON.stringify({
      items: [{ id: "0190a0c4-0000-7000-8000-000000000001", amount: "-1.00" }],
      nextCursor: "eyJkIjoiMjAyNi0xMS0wMSJ9",
    });
    const op = { kind: "list" as const, user: 3, filters: { q: "x" } };
    assert.deepEqual(seenIn(op, 200, page), {
      user: 3,
      filters: { q: "x" },
      nextCursor: "eyJkIjoiMjAyNi0xMS0wMSJ9",
      transactionIds: ["0190a0c4-0000-7000-8000-000000000001"],
    });
    assert.equal(seenIn(op, 200, JSON.stringify({ items: [], nextCursor: null }))?.nextCursor, null);
    assert.equal(seenIn(op, 400, page), undefined);
    const patch = { kind: "patch" as const, user: 3, transactionId: "t", patch: { categoryId: "c", notes: "n" } };
    assert.equal(seenIn(patch, 200, page), undefined);
  });
});
