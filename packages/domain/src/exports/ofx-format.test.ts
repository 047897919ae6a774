import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ExportRow } from "./export-rows.ts";
import { ofxOpen, statementClose, statementOpen, stmtTrn, xmlEscape } from "./ofx-format.ts";

const row: ExportRow = {
  id: "00000000-0000-4000-8000-000000000001",
  date: "2024-01-31",
  amountMinor: "-1234",
  currency: "EUR",
  description: "Fish & <Chips>",
  merchant: null,
  notes: 'He said "hi"',
  tags: [],
  externalId: "ofx:abc",
  accountId: "a",
  accountName: "Main",
  category: null,
};

describe("OFX export pieces", () => {
  test("XML special characters are escaped and characters XML can't carry are dropped", () => {
    assert.equal(xmlEscape(`a&b<c>d"e'f`), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    assert.equal(xmlEscape("bell\u0007 nul\u0000 ok\ttab"), "bell nul ok\ttab");
  });

  test("the header is OFX 2.2 XML", () => {
    const head = ofxOpen(new Date("2024-02-01T10:20:30Z"));
    assert.match(head, /^<\?xml version="1.0"/);
    assert.match(head, /<\?OFX OFXHEADER="200" VERSION="220"/);
    assert.match(head, /<DTSERVER>20240201102030<\/DTSERVER>/);
  });

  test("a transaction: DEBIT for money out, date, decimal amount, FITID, escaped NAME and MEMO", () => {
    assert.equal(
      stmtTrn(row),
      "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240131</DTPOSTED><TRNAMT>-12.34</TRNAMT>" +
        "<FITID>ofx:abc</FITID><NAME>Fish &amp; &lt;Chips&gt;</NAME><MEMO>He said &quot;hi&quot;</MEMO></STMTTRN>\n",
    );
    assert.match(stmtTrn({ ...row, amountMinor: "500", externalId: null }), /<TRNTYPE>CREDIT<\/TRNTYPE>.*<FITID>0{8}-/);
  });

  test("bank and card statements use their own aggregates", () => {
    const bank = {
      id: "acc",
      type: "savings",
      currency: "EUR",
      firstDate: "2024-01-01",
      lastDate: "2024-01-31",
      balanceMinor: "10050",
    };
    assert.match(statementOpen(bank, 1), /<STMTRS><CURDEF>EUR<\/CURDEF><BANKACCTFROM>.*<ACCTTYPE>SAVINGS<\/ACCTTYPE>/);
    assert.match(statementOpen(bank, 1, "2023-12-01"), /<DTSTART>20231201<\/DTSTART><DTEND>20240131<\/DTEND>/);
    assert.match(statementClose(bank), /<BALAMT>100.50<\/BALAMT><DTASOF>20240131<\/DTASOF>.*<\/STMTRS><\/STMTTRNRS>/s);
    const card = { ...bank, type: "credit_card" };
    assert.match(
      statementOpen(card, 2),
      /^<CCSTMTTRNRS>.*<CCSTMTRS>.*<CCACCTFROM><ACCTID>acc<\/ACCTID><\/CCACCTFROM>/s,
    );
  });
});
