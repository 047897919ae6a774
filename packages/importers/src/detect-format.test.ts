import assert from "node:assert/strict";
import { test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { detectFormat } from "./detect-format.ts";

test("recognises each format by its content, whatever the file is called", () => {
  assert.equal(detectFormat("OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>", "statement.csv"), "ofx");
  assert.equal(detectFormat('<?xml version="1.0"?>\n<?OFX OFXHEADER="200"?><OFX>'), "ofx");
  assert.equal(
    detectFormat('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'),
    "camt",
  );
  assert.equal(detectFormat("!Type:Bank\nD1/2/24\nT-1.00\n^"), "qif");
  assert.equal(detectFormat("!Account\nNChecking\n^"), "qif");
  assert.equal(detectFormat("ABNANL2A\n940\n:20:ABN\n:25:123\n"), "mt940");
  assert.equal(detectFormat("{1:F01ASNBNL21XXXX0000000000}{2:O940}{4:\n:20:0\n"), "mt940");
  assert.equal(detectFormat("Date;Amount\n2024-01-01;1,00\n"), "csv");
  assert.equal(detectFormat(new TextEncoder().encode("\ufeffDate,Amount\n")), "csv");
});

test("falls back to the file extension when the content does not tell", () => {
  assert.equal(detectFormat("just one column\n", "export.csv"), "csv");
  assert.equal(detectFormat("hello", "a.QIF"), "qif");
});

test("unknown and empty content is a VALIDATION error", () => {
  for (const [content, name, message] of [
    ["This is not a statement.", "notes.txt", /unrecognised statement format for "notes.txt"/],
    ["  \n", undefined, /the file is empty/],
    [new Uint8Array(), "x.ofx", /the file is empty/],
  ] as const) {
    assert.throws(
      () => detectFormat(content, name),
      (e) => isAppError(e) && e.code === "VALIDATION" && e.issues[0]?.path === "file" && message.test(e.message),
    );
  }
});
