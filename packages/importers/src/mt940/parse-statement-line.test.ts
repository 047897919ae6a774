import assert from "node:assert/strict";
import { test } from "node:test";
import { parseStatementLine } from "./parse-statement-line.ts";

test("reads every part of a :61: line", () => {
  assert.deepEqual(parseStatementLine("1701190119CN0,01NTRFNONREF//MB170119012058\n911-TRANSAKCJA IPH"), {
    date: "2017-01-19",
    sign: 1,
    amount: "0,01",
    customerRef: "NONREF",
    bankRef: "MB170119012058",
    supplementary: "911-TRANSAKCJA IPH",
  });
});

test("marks: C, D, RC (a debit), RD (a credit), with or without a funds code", () => {
  const sign = (line: string) => (parseStatementLine(line) as { sign: number }).sign;
  assert.equal(sign("110101C1,00NTRF"), 1);
  assert.equal(sign("110101D1,00NTRF"), -1);
  assert.equal(sign("110101DR1,00NTRF"), -1); // D + funds code R
  assert.equal(sign("0709040904RCR204,88NRTINONREF"), -1);
  assert.equal(sign("110101RD1,00NTRF"), 1);
  assert.equal(sign("110101ED1,00NTRF"), -1);
});

test("no entry date: the value date is the date; amounts like '9,' and '500' are kept as written", () => {
  const a = parseStatementLine("110101D9,N192NONREF");
  assert.ok(typeof a !== "string");
  assert.deepEqual([a.date, a.amount, a.customerRef], ["2011-01-01", "9,", "NONREF"]);
  const b = parseStatementLine("1407290729C500NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E");
  assert.ok(typeof b !== "string");
  assert.deepEqual([b.date, b.amount, b.bankRef], ["2014-07-29", "500", "B4G29PGDCK1QFV3E"]);
});

test("Sparkasse splits the line after the mark; February 30 is a 30-day-month convention", () => {
  const s = parseStatementLine("1811261126CR\n30,00N062NONREF");
  assert.ok(typeof s !== "string");
  assert.deepEqual([s.date, s.amount, s.sign], ["2018-11-26", "30,00", 1]);
  const feb = parseStatementLine("160230D6,00N024NONREF");
  assert.ok(typeof feb !== "string");
  assert.equal(feb.date, "2016-02-29");
});

test("the entry date's year is the one nearest the value date", () => {
  const late = parseStatementLine("2312310102D1,00NTRF");
  const early = parseStatementLine("2401021231D1,00NTRF");
  assert.ok(typeof late !== "string" && typeof early !== "string");
  assert.deepEqual([late.date, early.date], ["2024-01-02", "2023-12-31"]);
});
