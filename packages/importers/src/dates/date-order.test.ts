import assert from "node:assert/strict";
import { test } from "node:test";
import { orderEvidence, orderFromFormat, parseDate } from "./date-order.ts";
import { compactDate } from "./iso-date.ts";

test("parses the written forms banks use", () => {
  const cases: [string, "DMY" | "MDY" | "YMD", string | undefined][] = [
    ["2019-03-31", "DMY", "2019-03-31"],
    ["2021-02-03 13:12", "MDY", "2021-02-03"],
    ["24/03/2022", "DMY", "2022-03-24"],
    ["6/12/15", "MDY", "2015-06-12"],
    ["10.10.2017", "DMY", "2017-10-10"],
    ["23-Jan-15", "DMY", "2015-01-23"],
    ["Jan 23, 2015", "MDY", "2015-01-23"],
    ["3 mars 2024", "DMY", "2024-03-03"],
    ["1. Okt. 2023", "DMY", "2023-10-01"],
    ["2/10'2020", "MDY", "2020-02-10"],
    ["1/ 1'00", "MDY", "2000-01-01"],
    ["20230115", "DMY", "2023-01-15"],
    ["31/02/2020", "DMY", undefined],
    ["29/02/2023", "DMY", undefined],
    ["29/02/2024", "DMY", "2024-02-29"],
    ["13/13/2020", "DMY", undefined],
    ["pending", "DMY", undefined],
    ["", "DMY", undefined],
  ];
  for (const [text, order, expected] of cases) assert.equal(parseDate(text, order), expected, text);
});

test("two-digit years pivot at 70", () => {
  assert.equal(parseDate("01/01/69", "DMY"), "2069-01-01");
  assert.equal(parseDate("01/01/70", "DMY"), "1970-01-01");
});

test("evidence for the order comes only from unambiguous dates", () => {
  assert.equal(orderEvidence("24/03/2022"), "DMY");
  assert.equal(orderEvidence("12/15/2018"), "MDY");
  assert.equal(orderEvidence("05/03/2021"), undefined);
  assert.equal(orderEvidence("2021-05-03"), "YMD");
  assert.equal(orderEvidence("23-Jan-15"), "DMY");
  assert.equal(orderEvidence("Jan 23, 2015"), "MDY");
});

test("user formats name an order; nonsense orders are refused", () => {
  assert.equal(orderFromFormat("DD.MM.YYYY"), "DMY");
  assert.equal(orderFromFormat("mm/dd/yy"), "MDY");
  assert.equal(orderFromFormat("YYYY-MM-DD"), "YMD");
  assert.equal(orderFromFormat("YYYY-DD-MM"), undefined);
});

test("compact OFX dates with times and zones keep the date as written", () => {
  assert.equal(compactDate("20230115120000.000[-5:EST]"), "2023-01-15");
  assert.equal(compactDate("201120000000"), undefined);
  assert.equal(compactDate("2023011"), undefined);
});
