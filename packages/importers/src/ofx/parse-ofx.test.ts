import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { brief, sample } from "../test-support/fixtures.ts";
import type { ParsedStatement } from "../types.ts";
import { parseOfx } from "./parse-ofx.ts";

const ofx = (path: string, currency = "EUR"): ParsedStatement => parseOfx(sample(path), { currency });

const rejects = (path: string, pattern: RegExp, issuePath?: RegExp) =>
  assert.throws(
    () => ofx(path),
    (e) => {
      assert.ok(isAppError(e) && e.code === "VALIDATION", String(e));
      assert.match(e.message, pattern);
      if (issuePath) assert.match(e.issues[0]?.path ?? "", issuePath);
      return true;
    },
  );

describe("OFX 1.x (SGML, unclosed leaf tags)", () => {
  test("bank statement on one line per transaction, DTPOSTED with time zone", () => {
    const parsed = ofx("ofx-ofxparse/bank_medium.ofx");
    assert.equal(parsed.currency, "CAD");
    assert.equal(parsed.accountId, "12300 000012345678");
    assert.deepEqual(parsed.transactions[0], {
      date: "2009-04-01",
      amount: { minor: -660n, currency: "CAD" },
      description: "MCDONALD'S #112",
      merchant: "MCDONALD'S #112",
      notes: "POS MERCHANDISE;MCDONALD'S #112",
      externalId: "ofx:0000123456782009040100001",
    });
    assert.deepEqual(
      parsed.transactions.map((t) => brief(t)),
      ["2009-04-01 -6.60 CAD", "2009-04-02 -316.67 CAD", "2009-04-03 -22.00 CAD"],
    );
  });

  test("indented checking account export", () => {
    const parsed = ofx("ofx-ofxparse/checking.ofx");
    assert.deepEqual(
      parsed.transactions.map((t) => [brief(t), t.externalId]),
      [
        ["2011-03-31 0.01 USD", "ofx:0000486"],
        ["2011-04-05 -34.51 USD", "ofx:0000487"],
        ["2011-04-07 -25.00 USD", "ofx:0000488"],
      ],
    );
  });

  test("credit-card QFX with entities in names", () => {
    const parsed = ofx("ofx-ofx-js/credit-card.qfx");
    assert.equal(parsed.accountId, "4510000000003333");
    assert.equal(parsed.transactions.length, 5);
    assert.equal(parsed.transactions[3]?.description, "T&T SUPERMARKET");
    assert.equal(brief(parsed.transactions[1] as ParsedStatement["transactions"][number]), "2026-03-23 202.08 CAD");
  });

  test("SGML header with XML-style closed leaves (ofx-js example-xml.qfx) and plain example1", () => {
    assert.deepEqual(ofx("ofx-ofx-js/example-xml.qfx").transactions.map(brief), ["2016-12-15 0.84 USD"]);
    const nz = ofx("ofx-ofx-js/example1.ofx");
    assert.deepEqual(nz.transactions.map(brief), [
      "2012-09-28 19.90 NZD",
      "2012-09-28 -1.01 NZD",
      "2012-09-07 -100.00 NZD",
      "2012-09-07 -71.99 NZD",
      "2012-01-04 -20.01 NZD",
    ]);
    assert.equal(nz.transactions[0]?.description, "Credit Interest Paid");
  });

  test("empty tags: no CURDEF falls back to the account currency, <CURRENCY> overrides, no FITID hashes", () => {
    const parsed = ofx("ofx-ofxparse/ofx-v102-empty-tags.ofx", "AUD");
    assert.equal(parsed.currency, undefined);
    const [t] = parsed.transactions;
    assert.equal(brief(t as ParsedStatement["transactions"][number]), "2018-05-07 12.34 AUD");
    assert.match(t?.externalId ?? "", /^[0-9a-f]{32}:1$/);
  });

  test("an empty SGML leaf does not swallow its siblings", () => {
    const text =
      "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<NAME><DTPOSTED>20240105<TRNAMT>-1.50<FITID>A</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
    assert.deepEqual(
      parseOfx(text, { currency: "EUR" }).transactions.map((t) => [brief(t), t.externalId]),
      [["2024-01-05 -1.50 USD", "ofx:A"]],
    );
  });
});

describe("OFX 2.x (XML)", () => {
  test("credit-card statement (ANZ: XML header, but SGML-style unclosed leaves)", () => {
    const parsed = ofx("ofx-ofxparse/anzcc.ofx");
    assert.deepEqual(parsed.transactions, [
      {
        date: "2017-05-08",
        amount: { minor: -550n, currency: "AUD" },
        description: "SOME MEMO",
        externalId: "ofx:201705080001",
      },
    ]);
  });

  test("CDATA sections", () => {
    const [t] = ofx("ofx-ofxparse/suncorp.ofx").transactions;
    assert.equal(t?.description, "EFTPOS WDL HANDYWAY ALDI STORE");
    assert.equal(t?.notes, "EFTPOS WDL HANDYWAY ALDI STORE GEELONG WEST VICAU");
  });

  test("several statements of different accounts are never flattened: the error lists them", () => {
    assert.throws(
      () => ofx("ofx-ofxparse/multiple_accounts2.ofx"),
      (e) =>
        isAppError(e) &&
        e.issues[0]?.path === "statement" &&
        e.message.includes("1. bank account 9100, USD, 0 records; 2. bank account 9200, USD, 0 records"),
    );
    const two = `<OFX><BANKMSGSRSV1>
      <STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST>
        <STMTTRN><DTPOSTED>20240101</DTPOSTED><TRNAMT>-1.00</TRNAMT><FITID>X</FITID></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>
      <STMTTRNRS><STMTRS><CURDEF>JPY</CURDEF><BANKACCTFROM><ACCTID>2</ACCTID></BANKACCTFROM><BANKTRANLIST>
        <STMTTRN><DTPOSTED>20240102</DTPOSTED><TRNAMT>-150</TRNAMT><FITID>X</FITID></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>
    </BANKMSGSRSV1></OFX>`;
    const yen = parseOfx(two, { currency: "EUR", statement: "2" });
    assert.deepEqual(
      yen.transactions.map((t) => [brief(t), t.externalId]),
      [["2024-01-02 -150 JPY", "ofx:X"]],
    );
    assert.equal(yen.currency, "JPY");
    assert.equal(yen.accountId, "2");
  });
});

describe("investment statements", () => {
  test("cash transactions (INVBANKTRAN) are imported; trades and positions are skipped records, with reasons", () => {
    const parsed = ofx("ofx-ofxparse/fidelity.ofx");
    assert.deepEqual(parsed.transactions.map(brief), [
      "2012-07-31 0.24 USD",
      "2012-08-20 -0.97 USD",
      "2012-08-31 0.16 USD",
    ]);
    const count = (pattern: RegExp) => parsed.skipped.filter((s) => pattern.test(s.path)).length;
    // 8 BUYSTOCK, 4 INCOME, 2 SELLSTOCK in the activity list; 6 POSSTOCK positions.
    assert.deepEqual([count(/BUYSTOCK/), count(/INCOME/), count(/SELLSTOCK/), count(/POSSTOCK/)], [8, 4, 2, 6]);
    assert.equal(parsed.skipped[0]?.path, "line 11 / INVTRANLIST.BUYSTOCK[1]");
    assert.match(parsed.skipped[0]?.reason ?? "", /not a cash transaction/);
    assert.equal(parsed.seen, 3 + 20);
    assert.deepEqual(parsed.statements, [
      { index: 1, accountNumber: "01234567890", kind: "investment", currency: "USD", records: 23 },
    ]);
  });

  test("cash in another currency than CURDEF keeps its own currency", () => {
    const parsed = ofx("ofx-ofxparse/investment_medium.ofx");
    assert.equal(parsed.currency, "CAD");
    assert.deepEqual(parsed.transactions.map(brief), [
      "2009-12-15 -3.65 USD",
      "2009-12-15 3.35 USD",
      "2009-12-15 -3.65 USD",
    ]);
  });

  test("trades and positions only: rejected with a clear message", () => {
    for (const f of ["investment_401k", "vanguard", "vanguard401k", "tiaacref", "td_ameritrade"]) {
      rejects(`ofx-ofxparse/${f}.ofx`, /investment statement has no cash transactions/);
    }
  });

  test("sub-cent cash amounts are rejected, not rounded", () => {
    rejects("ofx-ofxparse/fidelity-savings.ofx", /more than 2 decimal places for USD/, /^line 66 \/ STMTTRN\.TRNAMT$/);
  });
});

describe("malformed and non-statement files fail with VALIDATION", () => {
  test("fail_nice/: missing and impossible dates, '$120' amounts", () => {
    rejects("ofx-ofxparse/fail_nice/date_missing.ofx", /DTPOSTED: missing/, /^line 33 \/ STMTTRN\.DTPOSTED$/);
    assert.throws(
      () => ofx("ofx-ofxparse/fail_nice/date_missing.ofx"),
      (e) =>
        isAppError(e) &&
        e.issues
          .map((i) => i.message)
          .join("|")
          .includes('"20120231" is not a date'),
    );
    rejects("ofx-ofxparse/fail_nice/decimal_error.ofx", /"201120000000" is not a date/);
    assert.throws(
      () => ofx("ofx-ofxparse/fail_nice/decimal_error.ofx"),
      (e) =>
        isAppError(e) &&
        e.issues[1]?.path === "line 37 / STMTTRN.TRNAMT" &&
        /"\$120" is not a number/.test(e.issues[1].message),
    );
  });

  test("fail_nice/empty_balance.ofx: only the (unused) balance is empty, so its transaction imports", () => {
    assert.deepEqual(ofx("ofx-ofxparse/fail_nice/empty_balance.ofx").transactions.map(brief), [
      "2011-03-08 120.00 CAD",
    ]);
  });

  test("anonymised dates ('****')", () => {
    rejects("ofx-ofx-js/example2.ofx", /"\*\*\*\*" is not a date/);
  });

  test("the institution's own error status", () => {
    rejects("ofx-ofxparse/error_message.ofx", /statement error \(code 2000\): General Server Error/);
    rejects("ofx-ofxparse/signon_fail.ofx", /sign-on error \(code 15500\)/);
  });

  test("files without a statement", () => {
    for (const f of ["signon_success", "signon_success_no_message", "bank_small", "account_listing_aggregation"]) {
      rejects(`ofx-ofxparse/${f}.ofx`, /no bank, credit-card or investment statement/);
    }
  });

  test("not OFX at all, unknown CURDEF, truncated markup", () => {
    assert.throws(() => parseOfx("hello", { currency: "EUR" }), /no <OFX> element/);
    assert.throws(
      () => parseOfx("<OFX><STMTRS><CURDEF>ZZZ<BANKTRANLIST></BANKTRANLIST></STMTRS></OFX>", { currency: "EUR" }),
      /CURDEF: "ZZZ" is not an ISO 4217 currency/,
    );
    assert.throws(() => parseOfx("<OFX><STMTRS><CURDEF>USD<!-- never closed", { currency: "EUR" }), /never closed/);
  });
});
