import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { countRows, newAccount, STATEMENTS, storedRows, upload } from "./import-fixtures.ts";

let h: Harness;
let tmp: string;
before(async () => {
  h = await startHarness();
  tmp = await mkdtemp(join(tmpdir(), "fincoach-imports-"));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
  await h.close();
});

const SCHWAB_MAPPING = {
  date: "Date",
  debit: "Withdrawal",
  credit: "Deposit",
  description: "Description",
  dateFormat: "MM/DD/YYYY",
};

/** Each real format through the endpoint: file, account currency, expected count and a few (date, amount) pairs. */
const CASES = [
  {
    name: "CSV with a mapping (Schwab: withdrawal/deposit columns, $ amounts, US dates)",
    path: "csv-csv2ofx/test/schwab-checking.csv",
    currency: "USD",
    mapping: SCHWAB_MAPPING,
    count: 4,
    amounts: [
      ["2022-08-04", "-5727"],
      ["2022-08-14", "-10300"],
      ["2022-08-17", "2000"],
    ],
  },
  {
    name: "CSV, columns sniffed from the header",
    path: "csv-csv2ofx/test/default.csv",
    currency: "USD",
    count: 8,
    amounts: [["2015-02-08", "5000000"]],
  },
  {
    name: "OFX v1 (SGML)",
    path: "ofx-ofxparse/checking.ofx",
    currency: "USD",
    count: 3,
    amounts: [
      ["2011-03-31", "1"],
      ["2011-04-05", "-3451"],
      ["2011-04-07", "-2500"],
    ],
  },
  {
    name: "OFX v2 (XML, credit card)",
    path: "ofx-ofxparse/anzcc.ofx",
    currency: "AUD",
    count: 1,
    amounts: [["2017-05-08", "-550"]],
  },
  {
    // ofxparse's "fail nicely" case: the balances are blank, the transaction is fine. Statement
    // balances aren't imported, so the file is not malformed for us.
    name: "OFX with blank balance fields (fail_nice/empty_balance.ofx)",
    path: "ofx-ofxparse/fail_nice/empty_balance.ofx",
    currency: "CAD",
    count: 1,
    amounts: [["2011-03-08", "12000"]],
  },
  {
    name: "QIF",
    path: "csv-csv2ofx/converted/creditunion.qif",
    currency: "USD",
    count: 8,
    amounts: [
      ["2015-02-24", "7000000"],
      ["2015-03-25", "5000000"],
    ],
  },
  {
    name: "CAMT.053",
    path: "camt-genkgo/camt053.v2.minimal.xml",
    currency: "EUR",
    count: 1,
    amounts: [["2014-12-31", "885"]],
  },
  {
    name: "MT940 (two statements)",
    path: "mt940-wolph/jejik/abnamro.sta",
    currency: "EUR",
    count: 10,
    amounts: [["2011-05-24", "-900"]],
    sum: -34593n,
  },
];

describe("imports: every real format", () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const u = await h.newUser();
      const acc = await newAccount(h, u, c.currency);
      const res = await upload(h, u, { accountId: acc.id, path: c.path, mapping: c.mapping });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(
        [res.json.status, res.json.inserted, res.json.duplicates, res.json.failed, res.json.errors],
        ["completed", c.count, 0, 0, []],
      );
      const rows = await storedRows(h, acc.id);
      assert.equal(rows.length, c.count);
      const pairs = new Set(rows.map((r) => `${r.date} ${r.amount}`));
      for (const [date, amount] of c.amounts)
        assert.ok(pairs.has(`${date} ${amount}`), `${date} ${amount} in ${[...pairs]}`);
      if (c.sum !== undefined)
        assert.equal(
          rows.reduce((s, r) => s + BigInt(r.amount), 0n),
          c.sum,
        );
      for (const r of rows) {
        assert.equal(r.importId, res.json.importId);
        assert.ok(r.externalId.length > 0);
      }
    });
  }

  test("the account balance includes the imported rows, in the account's currency", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "USD");
    await upload(h, u, { accountId: acc.id, path: "ofx-ofxparse/checking.ofx" });
    const got = await h.call("GET", `/v1/accounts/${acc.id}`, { token: u.token });
    assert.equal(got.json.balance, "-59.50");
    const [currency] = await h.database.sql`select distinct currency from transactions where account_id = ${acc.id}`;
    assert.equal(currency!.currency, "USD");
  });
});

describe("imports: idempotence", () => {
  test("re-importing the same file inserts nothing and counts every row as a duplicate", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const first = await upload(h, u, { accountId: acc.id, path: "mt940-wolph/jejik/abnamro.sta" });
    const again = await upload(h, u, { accountId: acc.id, path: "mt940-wolph/jejik/abnamro.sta" });
    assert.equal(again.status, 201);
    assert.equal(again.json.inserted, 0);
    assert.equal(again.json.duplicates, first.json.inserted);
    assert.notEqual(again.json.importId, first.json.importId);
    assert.equal(await countRows(h, acc.id), 10);
  });

  test("an overlapping OFX file adds only its new transactions", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "USD");
    const full = await readFile(join(STATEMENTS, "ofx-ofxparse/checking.ofx"), "utf8");
    const trimmed = full.replace(/<STMTTRN>(?:(?!<STMTTRN>)[\s\S])*?0000488[\s\S]*?<\/STMTTRN>/, "");
    assert.notEqual(trimmed, full);
    const trimmedPath = join(tmp, "checking-trimmed.ofx");
    await writeFile(trimmedPath, trimmed);

    const older = await upload(h, u, { accountId: acc.id, path: trimmedPath });
    assert.deepEqual([older.json.inserted, older.json.duplicates], [2, 0]);
    const newer = await upload(h, u, { accountId: acc.id, path: "ofx-ofxparse/checking.ofx" });
    assert.deepEqual([newer.json.inserted, newer.json.duplicates], [1, 2]);
    const rows = await storedRows(h, acc.id);
    assert.deepEqual(
      rows.map((r) => r.amount),
      ["1", "-3451", "-2500"],
    );
    assert.equal(rows.find((r) => r.amount === "-2500")!.importId, newer.json.importId);
  });

  test("an overlapping CSV (content-hash ids) adds only its new rows", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "USD");
    const lines = (await readFile(join(STATEMENTS, "csv-csv2ofx/test/schwab-checking.csv"), "utf8")).split(/\r?\n/);
    const part = join(tmp, "schwab-part.csv");
    await writeFile(part, `${lines.slice(0, 3).join("\n")}\n`);
    const first = await upload(h, u, { accountId: acc.id, path: part, mapping: SCHWAB_MAPPING });
    assert.equal(first.json.inserted, 2, first.text);
    const second = await upload(h, u, {
      accountId: acc.id,
      path: "csv-csv2ofx/test/schwab-checking.csv",
      mapping: SCHWAB_MAPPING,
    });
    assert.deepEqual([second.json.inserted, second.json.duplicates], [2, 2]);
    assert.equal(await countRows(h, acc.id), 4);
  });

  test("the same statement into two accounts is not a duplicate", async () => {
    const u = await h.newUser();
    const a = await newAccount(h, u, "USD", "checking", "A");
    const b = await newAccount(h, u, "USD", "checking", "B");
    await upload(h, u, { accountId: a.id, path: "ofx-ofxparse/checking.ofx" });
    const res = await upload(h, u, { accountId: b.id, path: "ofx-ofxparse/checking.ofx" });
    assert.deepEqual([res.json.inserted, res.json.duplicates], [3, 0]);
  });
});

describe("imports: special characters", () => {
  test("tabs, newlines and backslashes in descriptions survive COPY exactly", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const csv =
      "date,amount,description\n" +
      '2024-01-05,-1.00,"tab\there"\n' +
      '2024-01-06,-2.00,"line one\nline two"\n' +
      "2024-01-07,-3.00,C:\\path\\to\\N\n" +
      '2024-01-08,-4.00,"quote "" and \\N and \\t"\n';
    const res = await upload(h, u, { accountId: acc.id, content: csv, filename: "odd.csv" });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.inserted, 4);
    const byAmount = new Map((await storedRows(h, acc.id)).map((r) => [r.amount, r.description]));
    assert.equal(byAmount.get("-300"), "C:\\path\\to\\N");
    assert.equal(byAmount.get("-400"), 'quote " and \\N and \\t');
    // The CSV reader may normalise whitespace inside a cell; whatever it keeps must arrive unchanged.
    assert.match(byAmount.get("-100")!, /^tab\s+here$/);
    assert.match(byAmount.get("-200")!, /^line one\s+line two$/);
  });
});

describe("imports: records", () => {
  test("GET /v1/imports/:id returns the record; GET /v1/imports lists newest first", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "USD");
    const first = await upload(h, u, { accountId: acc.id, path: "ofx-ofxparse/checking.ofx" });
    const second = await upload(h, u, { accountId: acc.id, path: "ofx-ofxparse/checking.ofx", format: "ofx" });
    const got = await h.call("GET", `/v1/imports/${first.json.importId}`, { token: u.token });
    assert.equal(got.status, 200);
    assert.equal(got.json.importId, first.json.importId);
    assert.equal(got.json.accountId, acc.id);
    assert.equal(got.json.filename, "checking.ofx");
    assert.equal(got.json.format, "ofx");
    assert.equal(got.json.status, "completed");
    assert.deepEqual([got.json.inserted, got.json.duplicates, got.json.failed, got.json.errors], [3, 0, 0, []]);
    assert.ok(Date.parse(got.json.createdAt) <= Date.parse(got.json.completedAt));
    const list = await h.call("GET", "/v1/imports", { token: u.token });
    assert.deepEqual(
      list.json.items.map((i: { importId: string }) => i.importId),
      [second.json.importId, first.json.importId],
    );
  });

  test("the OpenAPI document describes the multipart upload and the export", async () => {
    const doc = await h.call("GET", "/openapi.json");
    assert.equal(doc.status, 200);
    const form = doc.json.paths["/v1/imports"].post.requestBody.content["multipart/form-data"].schema;
    assert.deepEqual(form.required, ["file", "accountId"]);
    assert.equal(form.properties.file.format, "binary");
    assert.ok(doc.json.paths["/v1/imports/{id}"].get);
    assert.ok(doc.json.paths["/v1/transactions/export"].get);
  });
});
