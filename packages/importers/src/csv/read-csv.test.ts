import assert from "node:assert/strict";
import { test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { readCsv } from "./read-csv.ts";
import { sniffDelimiter } from "./sniff-delimiter.ts";

test("reads quoted fields with escaped quotes, delimiters and newlines inside", () => {
  const { rows, lines } = readCsv('a,"b ""x"", y",c\n"multi\nline",2,\n3,,"end"', ",");
  assert.deepEqual(rows, [
    ["a", 'b "x", y', "c"],
    ["multi\nline", "2", ""],
    ["3", "", "end"],
  ]);
  assert.deepEqual(lines, [1, 2, 4]);
});

test("accepts LF, CRLF and bare CR line ends and a missing final newline", () => {
  for (const nl of ["\n", "\r\n", "\r"]) {
    assert.deepEqual(readCsv(`h1;h2${nl}1;2${nl}3;4`, ";").rows, [
      ["h1", "h2"],
      ["1", "2"],
      ["3", "4"],
    ]);
  }
  assert.deepEqual(readCsv("a,b\n", ",").rows, [["a", "b"]]);
  assert.deepEqual(readCsv("a,", ",").rows, [["a", ""]]);
});

test("keeps text after a closing quote instead of failing", () => {
  assert.deepEqual(readCsv('"a" b,c', ",").rows, [["a b", "c"]]);
});

test('spaces around a quoted field pad it: `a, "b, c"` is two fields', () => {
  assert.deepEqual(readCsv('a, "b, c"\n1 ,  "x""y"  ,z\n', ",").rows, [
    ["a", "b, c"],
    ["1 ", 'x"y', "z"],
  ]);
  assert.deepEqual(readCsv('Date; "Amount"\n2024-01-01; "1,50"', ";").rows, [
    ["Date", "Amount"],
    ["2024-01-01", "1,50"],
  ]);
});

test("an unterminated quote is a VALIDATION error naming the line", () => {
  assert.throws(
    () => readCsv('a,b\n1,"open\n2,3', ","),
    (e) => isAppError(e) && e.code === "VALIDATION" && e.issues[0]?.path === "line 2",
  );
});

test("sniffs the delimiter by consistency, not by count", () => {
  assert.equal(sniffDelimiter("Datum;Betrag;Text\n01.02.2023;-98,76;a,b,c,d\n02.02.2023;1,00;x"), ";");
  assert.equal(sniffDelimiter("a\tb\tc\n1\t2\t3"), "\t");
  assert.equal(sniffDelimiter("a|b\n1|2"), "|");
  assert.equal(sniffDelimiter('Date,Amount\n"1,2",3'), ",");
});
