import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type AppError, isAppError } from "@fincoach/errors";
import { parseStatement } from "./parse-statement.ts";
import { sample, sampleText } from "./test-support/fixtures.ts";
import type { ImportFormat, ParsedStatement } from "./types.ts";

const ids = (p: ParsedStatement) => p.transactions.map((t) => t.externalId);
const parse = (content: string | Uint8Array, currency = "EUR", format?: ImportFormat) =>
  parseStatement({ content, currency, ...(format ? { format } : {}) });

describe("parseStatement", () => {
  test("detects the format, or uses the one given", () => {
    assert.equal(parse(sample("ofx-ofxparse/checking.ofx")).format, "ofx");
    assert.equal(parse(sample("camt-genkgo/camt053.v8.xml")).format, "camt");
    assert.equal(parse(sample("mt940-wolph/jejik/ing.sta")).format, "mt940");
    assert.equal(parse(sample("qif-quiffen/test.qif")).format, "qif");
    assert.equal(parse(sample("csv-csv2ofx/test/gls.csv")).format, "csv");
    assert.throws(() => parse(sample("qif-quiffen/test.qif"), "EUR", "ofx"), /no <OFX> element/);
  });

  test("rejects an unknown account currency and an unknown format", () => {
    assert.throws(
      () => parse("Date,Amount\n", "EURO"),
      (e) => isAppError(e) && e.code === "VALIDATION" && e.issues[0]?.path === "currency",
    );
    assert.throws(
      () => parse("Date,Amount\n", "EUR", "xls" as ImportFormat),
      (e) => isAppError(e) && e.issues[0]?.path === "format",
    );
  });

  test("passes the CSV mapping through and validates it", () => {
    const content = "a;b\n2024-01-01;5\n";
    const parsed = parseStatement({ content, currency: "EUR", csvMapping: { date: "a", amount: "b" } });
    assert.equal(parsed.transactions[0]?.amount.minor, 500n);
    assert.throws(
      () => parseStatement({ content, currency: "EUR", csvMapping: { date: -1 } as never }),
      (e) => isAppError(e) && e.issues[0]?.path === "csvMapping.date",
    );
  });
});

describe("statement choice", () => {
  const file = readFileSync(join(import.meta.dirname, "ofx", "fixtures", "checking-and-card-ofx211.ofx"));
  const choose = (choice: { statement?: string; accountNumber?: string }) =>
    parseStatement({ content: file, currency: "USD", ...choice });

  test("statement and accountNumber reach the parser", () => {
    assert.equal(choose({ statement: "2" }).accountId, "4147-2000-0000-8812");
    assert.equal(choose({ accountNumber: "000123456789" }).accountId, "000123456789");
    assert.throws(
      () => choose({}),
      (e) => isAppError(e) && e.issues[0]?.path === "statement",
    );
  });

  test("a single-statement format (CSV, QIF) takes index 1 and refuses any other choice", () => {
    const csv = "Date,Amount\n2024-01-01,1.00\n";
    assert.equal(parseStatement({ content: csv, currency: "EUR", statement: "1" }).transactions.length, 1);
    assert.equal(parseStatement({ content: csv, currency: "EUR", accountNumber: "DE12" }).transactions.length, 1);
    assert.throws(
      () => parseStatement({ content: csv, currency: "EUR", statement: "2" }),
      (e) => isAppError(e) && e.code === "VALIDATION" && e.issues[0]?.path === "statement",
    );
  });
});

describe("external ids are stable across re-imports", () => {
  const files = [
    "csv-csv2ofx/test/outbank.csv",
    "ofx-ofx-js/credit-card.qfx",
    "qif-quiffen/test.qif",
    "camt-genkgo/camt054.v8.xml",
    "mt940-wolph/betterplace/sepa_mt9401.sta",
  ];
  for (const file of files) {
    test(`${file}: parsing twice gives the same ids, all distinct`, () => {
      // sepa_mt9401 holds 20 accounts' statements: its biggest one (3 daily messages) is the test.
      const statement = file.endsWith("sepa_mt9401.sta") ? "50880050/0194783700888" : undefined;
      const once = () => ids(parseStatement({ content: sample(file), currency: "EUR", statement }));
      const first = once();
      assert.deepEqual(once(), first);
      assert.equal(new Set(first).size, first.length);
      assert.ok(first.length > 0);
    });
  }

  test("CSV: twins get :1 and :2, and an overlapping export reproduces every shared id", () => {
    const header = "Date,Description,Amount";
    const rows = [
      "2024-03-01,Rent,-900.00",
      "2024-03-02,Coffee,-3.50",
      "2024-03-02,Coffee,-3.50",
      "2024-03-02,Bakery,-2.10",
      "2024-03-03,Salary,2500.00",
      "2024-03-04,Coffee,-3.50",
    ];
    const january = parse([header, ...rows.slice(0, 4)].join("\n"));
    const overlap = parse([header, ...rows.slice(1)].join("\n"));
    const [twin1, twin2] = [january.transactions[1]?.externalId, january.transactions[2]?.externalId];
    assert.match(twin1 ?? "", /:1$/);
    assert.equal(twin2, twin1?.replace(/:1$/, ":2"));
    assert.deepEqual(ids(overlap).slice(0, 3), ids(january).slice(1, 4));
    assert.equal(new Set([...ids(january), ...ids(overlap)]).size, rows.length);
  });

  test("OFX: dropping transactions from a file leaves the remaining ids unchanged", () => {
    const full = sampleText("ofx-ofx-js/credit-card.qfx");
    const trimmed = full.replace(/<STMTTRN>(?:(?!<\/STMTTRN>).)*PHARMACY(?:(?!<\/STMTTRN>).)*<\/STMTTRN>/, "");
    const a = ids(parse(full));
    const b = ids(parse(trimmed));
    assert.equal(b.length, a.length - 1);
    assert.ok(b.every((id) => a.includes(id)));
  });

  test("MT940: a statement cut down to its last messages keeps the ids of what remains", () => {
    const text = sampleText("mt940-wolph/jejik/abnamro.sta");
    const secondMessage = text.slice(
      text.indexOf("ABNANL2A\n940\nABNANL2A\n:20:ABN AMRO BANK NV\n:25:517852257\n:28C:"),
    );
    const all = ids(parse(text));
    const tail = ids(parse(secondMessage));
    assert.deepEqual(tail, all.slice(-tail.length));
  });

  test("QIF: the same records in a shorter file keep their ids", () => {
    const text = sampleText("qif-quiffen/test_category_override.qif");
    const lastTwo = `!Type:Bank\n${text.split("^\n").slice(2).join("^\n")}`;
    const all = ids(parse(text, "GBP"));
    assert.deepEqual(ids(parse(lastTwo, "GBP")), all.slice(2));
  });
});

describe("hostile input fails as VALIDATION, quickly, without exhausting the stack", () => {
  const validation = (e: unknown): e is AppError => isAppError(e) && e.code === "VALIDATION";

  test("deep nesting in XML and OFX", () => {
    assert.throws(() => parse(`<Document>${"<a>".repeat(100_000)}`, "EUR", "camt"), validation);
    assert.throws(() => parse(`<OFX>${"<A>".repeat(100_000)}</OFX>`, "EUR", "ofx"), validation);
  });

  test("a one-line OFX whose empty leaf swallows 200,000 transactions: linear time, no spread overflow", () => {
    const trns = "<STMTTRN><DTPOSTED>20240101<TRNAMT>1.00</STMTTRN>".repeat(200_000);
    const text = `<OFX><STMTRS><CURDEF>EUR<BANKTRANLIST><NAME>${trns}</BANKTRANLIST></STMTRS></OFX>`;
    const started = performance.now();
    const parsed = parse(text);
    assert.equal(parsed.transactions.length, 200_000);
    assert.equal(parsed.transactions[199_999]?.externalId.endsWith(":200000"), true); // 200,000 identical twins
    assert.ok(performance.now() - started < 20_000, "must not be quadratic");
  });

  test("amounts beyond 64-bit minor units", () => {
    const huge = "9".repeat(30);
    assert.throws(
      () => parse(`Date,Amount\n2024-01-01,${huge}\n`),
      (e) => validation(e) && e.issues[0]?.path === "line 2 / amount",
    );
    assert.throws(() => parse(`!Type:Bank\nD01/01/2024\nT${huge}\n^\n`, "EUR", "qif"), validation);
    assert.throws(
      () =>
        parse(
          `<OFX><STMTRS><CURDEF>EUR<BANKTRANLIST><STMTTRN><DTPOSTED>20240101<TRNAMT>${huge}</STMTTRN></BANKTRANLIST></STMTRS></OFX>`,
        ),
      validation,
    );
  });

  test("an error on every one of 100,000 rows stops at 50 issues", () => {
    const rows = Array.from({ length: 100_000 }, () => "2024-13-45,1.00").join("\n");
    assert.throws(
      () => parse(`Date,Amount\n${rows}`),
      (e) => validation(e) && e.issues.length === 50 && /\(and 49 more\)$/.test(e.message),
    );
  });
});
