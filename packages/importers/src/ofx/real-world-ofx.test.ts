import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { brief } from "../test-support/fixtures.ts";
import type { ParsedStatement } from "../types.ts";
import { parseOfx } from "./parse-ofx.ts";

// Written here the way banks write them (see the comments inside each file's test).
const fixture = (name: string): Uint8Array => readFileSync(join(import.meta.dirname, "fixtures", name));
const validation = (path: string, message: RegExp) => (e: unknown) =>
  isAppError(e) && e.code === "VALIDATION" && e.issues[0]?.path === path && message.test(e.issues[0].message);

describe("a card issuer's OFX 1.02: SGML, Windows-1252, blank lines, [-3:GMT], no </BANKTRANLIST>", () => {
  const parsed = parseOfx(fixture("credit-card-ofx102-sgml.ofx"), { currency: "EUR" });

  test("imports all 6 transactions, on the day written (a 23:00 [-3:GMT] purchase stays on the 29th)", () => {
    assert.deepEqual(parsed.transactions.map(brief), [
      "2024-02-03 -23.90 BRL",
      "2024-02-05 -189.45 BRL",
      "2024-02-11 -59.90 BRL",
      "2024-02-12 1250.00 BRL",
      "2024-02-18 -312.00 BRL",
      "2024-02-29 -8.50 BRL",
    ]);
    assert.equal(parsed.transactions[1]?.description, "SUPERMERCADO PÃO DE AÇÚCAR");
    assert.equal(parsed.transactions[0]?.externalId, "ofx:2024020300001");
  });

  test("accounts for every record and describes its one statement", () => {
    assert.equal(parsed.seen, 6);
    assert.deepEqual(parsed.skipped, []);
    assert.deepEqual(parsed.statements, [
      { index: 1, accountNumber: "5502 **** **** 4417", kind: "creditcard", currency: "BRL", records: 6 },
    ]);
    assert.equal(parsed.accountId, "5502 **** **** 4417");
  });
});

describe("an OFX 2.1.1 file: a checking statement in two BANKTRANLISTs, then a card statement", () => {
  const file = fixture("checking-and-card-ofx211.ofx");
  const parse = (options: { statement?: string; accountNumber?: string }): ParsedStatement =>
    parseOfx(file, { currency: "USD", ...options });

  test("without a choice: VALIDATION on `statement`, listing both and saying how to choose", () => {
    assert.throws(
      () => parse({}),
      validation(
        "statement",
        /2 statements .*1\. bank account 000123456789, USD, 3 records; 2\. creditcard account 4147-2000-0000-8812, USD, 1 record.*"statement" form field of POST \/v1\/imports/,
      ),
    );
  });

  test("the checking account, by number or index: all three transactions of both lists", () => {
    for (const statement of ["000123456789", "1", " 0001-2345-6789 "]) {
      const checking = parse({ statement });
      assert.deepEqual(checking.transactions.map(brief), [
        "2024-03-01 2450.00 USD",
        "2024-03-18 -1200.00 USD",
        "2024-03-29 -64.17 USD",
      ]);
      assert.equal(checking.transactions[2]?.description, "TRADER JOE'S #552");
      assert.equal(checking.seen, 3);
      assert.equal(checking.accountId, "000123456789");
      assert.equal(checking.statements.length, 2);
    }
  });

  test("the card, by its number written otherwise, by index, or by the account's stored number", () => {
    for (const options of [
      { statement: "4147 2000 0000 8812" },
      { statement: "2" },
      { accountNumber: "4147200000008812" },
      { accountNumber: "8812" },
    ]) {
      const card = parse(options);
      assert.deepEqual(card.transactions.map(brief), ["2024-03-22 -38.60 USD"], JSON.stringify(options));
      assert.equal(card.accountId, "4147-2000-0000-8812");
    }
  });

  test("an explicit choice wins over the stored number; a choice matching nothing lists the statements", () => {
    assert.equal(parse({ statement: "1", accountNumber: "8812" }).transactions.length, 3);
    for (const statement of ["3", "555", "0"]) {
      assert.throws(
        () => parse({ statement }),
        validation("statement", /neither an account number nor .*1\. bank account 000123456789/),
      );
    }
    assert.throws(
      () => parse({ accountNumber: "999999" }),
      validation("statement", /2 statements of different accounts/),
    );
  });
});

const wrap = (body: string) => `OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1>${body}</BANKMSGSRSV1></OFX>`;
const stmt = (account: string, trns: string, close = "</BANKTRANLIST></STMTRS></STMTTRNRS>") =>
  `<STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><ACCTID>${account}</BANKACCTFROM><BANKTRANLIST>${trns}${close}`;
const trn = (date: string, amount: string, id: string, close = "</STMTTRN>") =>
  `\n<STMTTRN><TRNTYPE>OTHER<DTPOSTED>${date}<TRNAMT>${amount}<FITID>${id}<NAME>n${id}${close}`;

describe("tolerant OFX structure", () => {
  test("statements of the same account (two months in two STMTTRNRS) are one statement", () => {
    const text = wrap(stmt("DE1", trn("20240105", "-1.00", "a")) + stmt("DE 1", trn("20240205", "-2.00", "b")));
    const parsed = parseOfx(text, { currency: "EUR" });
    assert.deepEqual(
      parsed.transactions.map((t) => t.externalId),
      ["ofx:a", "ofx:b"],
    );
    assert.deepEqual(parsed.statements, [
      { index: 1, accountNumber: "DE1", kind: "bank", currency: "EUR", records: 2 },
    ]);
  });

  test("forgotten end tags: </STMTTRN>, </BANKTRANLIST>, </STMTRS>, </STMTTRNRS> between two accounts", () => {
    const text = wrap(
      stmt(
        "A",
        trn("20240105", "-1.00", "a1", "") + trn("20240106", "-2.00", "a2", ""),
        "<LEDGERBAL><BALAMT>0<DTASOF>20240106</LEDGERBAL>",
      ) + stmt("B", trn("20240107", "3.00", "b1")),
    );
    const a = parseOfx(text, { currency: "EUR", statement: "A" });
    assert.deepEqual(
      a.transactions.map((t) => [brief(t), t.externalId, t.description]),
      [
        ["2024-01-05 -1.00 EUR", "ofx:a1", "na1"],
        ["2024-01-06 -2.00 EUR", "ofx:a2", "na2"],
      ],
    );
    assert.deepEqual(parseOfx(text, { currency: "EUR", statement: "B" }).transactions.map(brief), [
      "2024-01-07 3.00 EUR",
    ]);
  });

  test("time-zone offsets of every shape are read, the date kept as written", () => {
    const dates = [
      "20240105",
      "20240105120000",
      "20240105120000.000[-3:GMT]",
      "20240105233000[+5.5:IST]",
      "20240105[0]",
      "202401051200[-05:00:EST]",
      "20240105120000.123[+10:AEST]",
    ];
    const parsed = parseOfx(wrap(stmt("A", dates.map((d, i) => trn(d, "1.00", `t${i}`)).join(""))), {
      currency: "EUR",
    });
    assert.deepEqual(new Set(parsed.transactions.map((t) => t.date)), new Set(["2024-01-05"]));
    assert.equal(parsed.transactions.length, dates.length);
  });

  test("a date with trailing garbage, or outside 1900-01-01..2999-12-31, is refused naming line and field", () => {
    for (const [date, message] of [
      ["20240105xyz", /"20240105xyz" is not a date/],
      ["18991231", /"18991231" must be between 1900-01-01 and 2999-12-31/],
      ["99991231000000[0]", /must be between 1900-01-01 and 2999-12-31/],
      ["00010101", /must be between 1900-01-01 and 2999-12-31/],
    ] as const) {
      assert.throws(
        () => parseOfx(wrap(stmt("A", trn(date, "1.00", "x"))), { currency: "EUR" }),
        validation("line 5 / STMTTRN.DTPOSTED", message),
        date,
      );
    }
  });
});
