import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeText } from "./decode-text.ts";
import { parseStatement } from "./parse-statement.ts";
import { sample } from "./test-support/fixtures.ts";

test("strips a UTF-8 BOM from bytes and from strings", () => {
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xc3, 0xa9])), "Aé");
  assert.equal(decodeText("\ufeffAé"), "Aé");
});

test("decodes UTF-16 with a BOM", () => {
  assert.equal(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe9, 0x00])), "Aé");
});

test("falls back to Windows-1252 when the bytes are not UTF-8", () => {
  // "Empfänger €" in Windows-1252: ä = 0xE4, € = 0x80.
  assert.equal(
    decodeText(new Uint8Array([0x45, 0x6d, 0x70, 0x66, 0xe4, 0x6e, 0x67, 0x65, 0x72, 0x20, 0x80])),
    "Empfänger €",
  );
});

test("honours a declared single-byte charset even when the bytes happen to be valid UTF-8", () => {
  const head = new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><a>');
  const xml = new Uint8Array([...head, 0xc3, 0xa9]); // "é" in UTF-8, but the file says Latin-1
  assert.equal(decodeText(xml), '<?xml version="1.0" encoding="ISO-8859-1"?><a>Ã©');
  const ofx = new Uint8Array([...new TextEncoder().encode("OFXHEADER:100\nCHARSET:1252\n\n<OFX>"), 0x80]);
  assert.ok(decodeText(ofx).endsWith("<OFX>€"));
  const utf8 = new TextEncoder().encode("OFXHEADER:100\nENCODING:UTF-8\nCHARSET:1252\n\n<OFX>é");
  assert.ok(decodeText(utf8).endsWith("<OFX>é"), "OFX ENCODING:UTF-8 wins over CHARSET");
});

test("a Latin-1 CSV export (GLS bank) reads its umlauts in headers and values", () => {
  const bytes = sample("csv-csv2ofx/test/gls.csv");
  assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)); // really not UTF-8
  assert.match(decodeText(bytes), /Auftraggeber\/Empfänger;.*;Währung/);
  const [tx] = parseStatement({ content: bytes, currency: "EUR" }).transactions;
  assert.equal(tx?.merchant, "Drillisch Online AG");
});

test("a Latin-1 MT940 file (Raiffeisen) parses without mojibake errors", () => {
  const parsed = parseStatement({ content: sample("mt940-wolph/self-provided/raiffeisen-cmi.sta"), currency: "HUF" });
  assert.equal(parsed.transactions.length, 7);
  assert.ok(parsed.transactions.every((t) => !t.description.includes("\ufffd")));
});
