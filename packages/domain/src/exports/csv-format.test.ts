import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { csvQuote, defuseFormula, textCell, toCsvLine } from "./csv-format.ts";
import type { ExportRow } from "./export-rows.ts";

const row = (over: Partial<ExportRow> = {}): ExportRow => ({
  id: "00000000-0000-4000-8000-000000000001",
  date: "2024-01-31",
  amountMinor: "-1234",
  currency: "EUR",
  description: "Coffee",
  merchant: null,
  notes: null,
  tags: [],
  externalId: null,
  accountId: "00000000-0000-4000-8000-000000000002",
  accountName: "Main",
  category: null,
  ...over,
});

describe("CSV export cells", () => {
  test("RFC 4180: commas, quotes and line breaks are quoted, inner quotes doubled", () => {
    assert.equal(csvQuote("plain"), "plain");
    assert.equal(csvQuote("a,b"), '"a,b"');
    assert.equal(csvQuote('say "hi"'), '"say ""hi"""');
    assert.equal(csvQuote("two\r\nlines"), '"two\r\nlines"');
  });

  test("cells starting with = + - @ tab or CR get a leading quote", () => {
    for (const s of ["=1+1", "+49 30", "-cmd", "@SUM(A1)", "\tx", "\rx"]) assert.equal(defuseFormula(s), `'${s}`);
    assert.equal(defuseFormula("Rent"), "Rent");
    assert.equal(textCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(textCell(null), "");
  });

  test("amounts are decimals in the currency's precision and never defused", () => {
    assert.equal(toCsvLine(row()), "2024-01-31,-12.34,EUR,Coffee,,,,,Main,00000000-0000-4000-8000-000000000001\r\n");
    assert.match(toCsvLine(row({ amountMinor: "-1500", currency: "JPY" })), /^2024-01-31,-1500,JPY,/);
  });

  test("tags are joined with ';' in one cell", () => {
    assert.match(toCsvLine(row({ tags: ["a", "b,c"] })), /,"a;b,c",Main,/);
  });
});
