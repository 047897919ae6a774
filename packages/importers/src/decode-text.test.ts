import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeText } from "./decode-text.ts";
import { parseStatement } from "./parse-statement.ts";
import { sample } from "./test-support/fixtures.ts";

test("strips a UTF-8 BOM from bytes and from strings", () => {
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xc3, 0xa9])), "Aé");
  assert.equal(decodeText("\ufeffAé"), "Aé");
});

test("decodes UTF-16 with a BOM, either byte order, and a UTF-16 XML prolog without one", () => {
  assert.equal(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe9, 0x00])), "Aé");
  assert.equal(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00, 0xe9])), "Aé");
  const prolog = '<?xml version="1.0" encoding="UTF-16"?><a>é</a>';
  const le = new Uint8Array(prolog.length * 2);
  for (let i = 0; i < prolog.length; i++) le[i * 2] = prolog.charCodeAt(i);
  assert.equal(decodeText(le), prolog);
});

test("a BOM wins over a prolog that says otherwise", () => {
  const bytes = new TextEncoder().encode('\ufeff<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>');
  assert.equal(decodeText(bytes), '<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>');
});

const utf8 = (text: string) => new TextEncoder().encode(text);

test("a UTF-8 CSV whose memo mentions encoding='koi8-r' is UTF-8: a mention is not a declaration", () => {
  const csv =
    "Date,Description,Amount\n2024-03-01,Café de Flore,-4.50\n2024-03-02,\"python: open(f, encoding='koi8-r')\",-1.00\n";
  assert.equal(decodeText(utf8(csv)), csv);
  const parsed = parseStatement({ content: utf8(csv), currency: "EUR" });
  assert.equal(parsed.transactions[0]?.description, "Café de Flore");
  // Nor does a CHARSET: line that is not in an OFX header block.
  const note = "Date,Description,Amount\nCHARSET:koi8-r\n2024-03-01,Café,-1.00\n";
  assert.equal(decodeText(utf8(note)), note);
});

test("an XML prolog later in the file, or not at its start, declares nothing", () => {
  const text = '<Document>\n<!-- <?xml version="1.0" encoding="koi8-r"?> -->\n<Nm>Müller</Nm></Document>';
  assert.equal(decodeText(utf8(text)), text);
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
  const ofxUtf8 = utf8("OFXHEADER:100\nENCODING:UTF-8\nCHARSET:1252\n\n<OFX>é");
  assert.ok(decodeText(ofxUtf8).endsWith("<OFX>é"), "OFX ENCODING:UTF-8 wins over CHARSET");
  const latin1 = new Uint8Array([...utf8("\r\nOFXHEADER:100\r\nCHARSET:ISO-8859-1\r\n\r\n<OFX><NAME>Caf"), 0xe9]);
  assert.ok(decodeText(latin1).endsWith("<NAME>Café"), "CRLF header after a blank line, ISO-8859-1");
});

test("an OFX CHARSET after the header block (in a memo) declares nothing", () => {
  const text = "OFXHEADER:100\nCHARSET:NONE\n\n<OFX><MEMO>CHARSET:koi8-r café</MEMO></OFX>";
  assert.equal(decodeText(utf8(text)), text);
});

test("a Latin-1 XML file with its prolog, and one without (Windows-1252 fallback)", () => {
  const withProlog = new Uint8Array([
    ...utf8('<?xml version="1.0" encoding="ISO-8859-1"?>\n<Nm>M'),
    0xfc,
    ...utf8("ller</Nm>"),
  ]);
  assert.match(decodeText(withProlog), /<Nm>Müller<\/Nm>$/);
  const without = new Uint8Array([...utf8("<Nm>M"), 0xfc, ...utf8("ller "), 0x80, ...utf8("</Nm>")]);
  assert.equal(decodeText(without), "<Nm>Müller €</Nm>");
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
