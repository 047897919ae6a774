import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount } from "../imports/import-fixtures.ts";
import { insertCategory, insertSplits, insertTransactions, parseCsv } from "./export-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const HEADER = ["date", "amount", "currency", "description", "merchant", "category", "notes", "tags", "account", "id"];

describe("export: CSV", () => {
  test("header, RFC 4180 quoting, decimal amounts, categories and splits, formula injection defused", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR", "checking", 'Joint, "main"');
    const food = await insertCategory(h, u.id, "Food");
    const fun = await insertCategory(h, u.id, "Fun");
    const [plain, tricky, split] = await insertTransactions(h, u.id, acc.id, [
      { date: "2024-01-05", amountMinor: -1234n, description: "Coffee", categoryId: food.id, tags: ["daily", "cafe"] },
      {
        date: "2024-01-06",
        amountMinor: 100000n,
        description: '=HYPERLINK("http://evil","click")',
        merchant: "@SUM(A1)",
        notes: 'line one\nline two, with "quotes"',
      },
      { date: "2024-01-07", amountMinor: -3000n, description: "-minus first\ttab" },
    ]);
    await insertSplits(h, u.id, split!.id, [
      { categoryId: food.id, amountMinor: -2000n },
      { categoryId: fun.id, amountMinor: -1000n },
    ]);

    const res = await h.call("GET", "/v1/transactions/export?format=csv&from=2024-01-01&to=2024-01-31", {
      token: u.token,
    });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    assert.equal(res.headers.get("content-disposition"), 'attachment; filename="fincoach-2024-01-01-2024-01-31.csv"');
    assert.ok(res.text.endsWith("\r\n"));
    const [header, ...rows] = parseCsv(res.text);
    assert.deepEqual(header, HEADER);
    assert.deepEqual(rows, [
      ["2024-01-05", "-12.34", "EUR", "Coffee", "", "Food", "", "daily;cafe", 'Joint, "main"', plain!.id],
      [
        "2024-01-06",
        "1000.00",
        "EUR",
        `'=HYPERLINK("http://evil","click")`,
        "'@SUM(A1)",
        "",
        'line one\nline two, with "quotes"',
        "",
        'Joint, "main"',
        tricky!.id,
      ],
      ["2024-01-07", "-30.00", "EUR", "'-minus first\ttab", "", "Food; Fun", "", "", 'Joint, "main"', split!.id],
    ]);
  });

  test("no transactions: just the header; no bounds: `all` in the file name", async () => {
    const u = await h.newUser();
    const res = await h.call("GET", "/v1/transactions/export", { token: u.token });
    assert.equal(res.status, 200);
    assert.equal(res.text, `${HEADER.join(",")}\r\n`);
    assert.equal(res.headers.get("content-disposition"), 'attachment; filename="fincoach-all-all.csv"');
  });

  test("thousands of rows stream through the cursor in order, amounts exact", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "JPY", "cash", "Yen");
    const n = 5_500;
    const rows = Array.from({ length: n }, (_, i) => ({
      date: `2023-${String((i % 12) + 1).padStart(2, "0")}-01`,
      amountMinor: BigInt(i) * 1_000_000_007n,
      description: `row ${i}`,
    }));
    for (let i = 0; i < n; i += 1_000) await insertTransactions(h, u.id, acc.id, rows.slice(i, i + 1_000), "JPY");
    const res = await h.call("GET", "/v1/transactions/export", { token: u.token });
    const [, ...out] = parseCsv(res.text);
    assert.equal(out.length, n);
    assert.deepEqual(
      out.map((r) => r[0]),
      [...out.map((r) => r[0]!)].sort(),
    );
    const amounts = new Set(out.map((r) => r[1]));
    assert.ok(amounts.has((5_499n * 1_000_000_007n).toString()));
  });
});

describe("export: filters and validation", () => {
  test("accountId, from and to narrow the export (bounds inclusive)", async () => {
    const u = await h.newUser();
    const a = await newAccount(h, u, "EUR", "checking", "A");
    const b = await newAccount(h, u, "EUR", "savings", "B");
    await insertTransactions(h, u.id, a.id, [
      { date: "2024-01-31", amountMinor: -1n, description: "a-jan" },
      { date: "2024-02-01", amountMinor: -2n, description: "a-feb1" },
      { date: "2024-02-29", amountMinor: -3n, description: "a-feb29" },
      { date: "2024-03-01", amountMinor: -4n, description: "a-mar" },
    ]);
    await insertTransactions(h, u.id, b.id, [{ date: "2024-02-10", amountMinor: 5n, description: "b-feb" }]);
    const descriptions = async (query: string) => {
      const res = await h.call("GET", `/v1/transactions/export?${query}`, { token: u.token });
      assert.equal(res.status, 200, res.text);
      return parseCsv(res.text)
        .slice(1)
        .map((r) => r[3]);
    };
    assert.deepEqual(await descriptions(""), ["a-jan", "a-feb1", "b-feb", "a-feb29", "a-mar"]);
    assert.deepEqual(await descriptions(`accountId=${a.id}`), ["a-jan", "a-feb1", "a-feb29", "a-mar"]);
    assert.deepEqual(await descriptions("from=2024-02-01&to=2024-02-29"), ["a-feb1", "b-feb", "a-feb29"]);
    assert.deepEqual(await descriptions(`from=2024-02-01&to=2024-02-29&accountId=${b.id}`), ["b-feb"]);
    assert.deepEqual(await descriptions("from=2024-03-01"), ["a-mar"]);
    assert.deepEqual(await descriptions("to=2024-01-31"), ["a-jan"]);
  });

  test("bad query values answer 400 naming the parameter", async () => {
    const u = await h.newUser();
    const cases: [string, string][] = [
      ["format=xlsx", "query.format"],
      ["from=2024-02-30", "query.from"],
      ["to=yesterday", "query.to"],
      ["from=2024-03-01&to=2024-02-01", "query.to"],
      ["accountId=nope", "query.accountId"],
    ];
    for (const [query, path] of cases) {
      const res = await h.call("GET", `/v1/transactions/export?${query}`, { token: u.token });
      assert.equal(res.status, 400, query);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.ok(
        res.json.errors.some((e: { path: string }) => e.path === path),
        `${query}: ${JSON.stringify(res.json.errors)}`,
      );
    }
  });

  test("needs a token", async () => {
    assert.equal((await h.call("GET", "/v1/transactions/export")).status, 401);
  });
});
