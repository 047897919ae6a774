import assert from "node:assert/strict";
import { test } from "node:test";
import { isAppError } from "@fincoach/errors";
import fc from "fast-check";
import { brief, sample } from "../test-support/fixtures.ts";
import { parseQif } from "./parse-qif.ts";

const qif = (name: string, currency = "USD") => parseQif(sample(`qif-quiffen/${name}`), { currency });

test("bank section of the Wikipedia-derived sample: apostrophe years, splits keep the parent total", () => {
  const parsed = qif("test.qif");
  assert.deepEqual(parsed.transactions.map(brief), [
    "2020-02-10 0.00 USD",
    "2020-02-14 67.50 USD",
    "2020-02-14 32.00 USD",
    "2020-02-12 -10.00 USD",
    "2020-02-11 -25.00 USD",
    "2020-02-10 -100.00 USD", // a split line's own D (1/10'2020) does not replace the date
  ]);
  const [, tMobile, postOffice] = parsed.transactions;
  assert.deepEqual([tMobile?.description, tMobile?.merchant, tMobile?.notes], ["T-Mobile", "T-Mobile", undefined]);
  assert.deepEqual([postOffice?.merchant, postOffice?.notes], ["US Post Office", "money back for damaged parcel"]);
  assert.equal(parsed.currency, undefined); // QIF states no currency
});

test("'!Type:Oth A' is a bank-like section too; the investment section is ignored", () => {
  assert.deepEqual(qif("test_oth_a.qif").transactions.map(brief), qif("test.qif").transactions.map(brief));
});

test("day-first dates are recognised across the file ('22/12/2017' settles '02/01/2018')", () => {
  assert.deepEqual(qif("test_category_override.qif", "GBP").transactions.map(brief), [
    "2017-12-22 1000.00 GBP",
    "2018-01-01 1100.00 GBP",
    "2018-01-02 -12.57 GBP",
    "2018-01-02 -9.99 GBP",
  ]);
});

test("two-digit years, spaces inside dates, ISO dates, amounts with one decimal", () => {
  assert.deepEqual(qif("test_circular_reference.qif", "EUR").transactions.map(brief), [
    "2021-08-27 -9.00 EUR",
    "2021-08-27 -5.59 EUR",
  ]);
  assert.deepEqual(qif("test_split.qif").transactions.map(brief), ["2000-01-01 -10.00 USD"]);
  for (const n of [1, 2]) {
    assert.deepEqual(qif(`test_transaction_before_account_definition_${n}.qif`).transactions.map(brief), [
      "2022-09-23 -184.80 USD",
      "2022-09-08 -13.16 USD",
    ]);
  }
});

test("files with only accounts, categories, classes or securities hold no transactions", () => {
  for (const name of [
    "test_category_inherit.qif",
    "test_clear_autoswitch.qif",
    "test_option_autoswitch.qif",
    "test_nosymbol.qif",
  ]) {
    assert.deepEqual(qif(name).transactions, [], name);
  }
});

test("investment-only, empty and non-QIF files are rejected clearly", () => {
  assert.throws(() => qif("test_unknown_account_type.qif"), /only investment transactions \(!Type:Invst\)/);
  assert.throws(() => qif("empty.qif"), /the file is empty/);
  assert.throws(() => qif("invalid.txt"), /not a QIF file/);
});

test("a bad date, a bad amount and a missing amount name their lines", () => {
  const text = "!Type:Bank\nD13/13/2020\nT1.00\n^\nD01/02/2020\nTabc\n^\nD01/03/2020\nPNo amount\n^\n";
  assert.throws(
    () => parseQif(text, { currency: "EUR" }),
    (e) => {
      assert.ok(isAppError(e) && e.code === "VALIDATION");
      assert.deepEqual(
        e.issues.map((i) => i.path),
        ["line 2 / D", "line 6 / T", "line 8 / T"],
      );
      return true;
    },
  );
});

const QIF_SAMPLES = [
  "test.qif",
  "test_category_inherit.qif",
  "test_category_override.qif",
  "test_circular_reference.qif",
  "test_clear_autoswitch.qif",
  "test_nosymbol.qif",
  "test_option_autoswitch.qif",
  "test_oth_a.qif",
  "test_split.qif",
  "test_transaction_before_account_definition_1.qif",
  "test_transaction_before_account_definition_2.qif",
];

test("every QIF sample accounts for each transaction-section record: transactions + skipped === seen", () => {
  for (const name of QIF_SAMPLES) {
    const p = qif(name);
    assert.equal(p.transactions.length + p.skipped.length, p.seen, name);
    assert.deepEqual(p.statements, [{ index: 1, records: p.seen }], name);
  }
  const withTrade = qif("test.qif");
  assert.equal(withTrade.seen, 7);
  assert.deepEqual(withTrade.skipped, [
    { path: "line 93", reason: "an investment record (!Type:Invst): trades and positions are not imported" },
  ]);
});

test("generated QIF: bank records become transactions, investment records are skipped, lists are no records", () => {
  const kind = fc.constantFrom("bank", "bank", "invst", "cat");
  fc.assert(
    fc.property(fc.array(kind, { maxLength: 30 }), (kinds) => {
      const lines: string[] = [];
      const skippedLines: string[] = [];
      let bank = 0;
      for (const [i, k] of kinds.entries()) {
        const header = k === "bank" ? "!Type:Bank" : k === "invst" ? "!Type:Invst" : "!Type:Cat";
        lines.push(header);
        if (k === "invst") skippedLines.push(`line ${lines.length + 1}`);
        if (k === "cat") lines.push(`NGroceries ${i}`, "E");
        else lines.push("D01/02/2024", `T-${i},50`, `Pitem ${i}`);
        lines.push("^");
        if (k === "bank") bank++;
      }
      if (bank === 0) return; // an investment-only file is refused (tested above)
      const p = parseQif(`${lines.join("\n")}\n`, { currency: "EUR" });
      assert.equal(p.transactions.length, bank);
      assert.deepEqual(
        p.skipped.map((s) => s.path),
        skippedLines,
      );
      assert.equal(p.seen, bank + skippedLines.length);
    }),
    { numRuns: 200 },
  );
});

test("QIF amounts follow the one grammar: 'T1.2.3' is refused (was 123.00), grouping as Quicken writes it", () => {
  const one = (t: string) => `!Type:Bank\nD01/02/2020\nT${t}\n^\n`;
  assert.throws(() => parseQif(one("1.2.3"), { currency: "USD" }), /line 3 \/ T: "1\.2\.3"/);
  assert.throws(() => parseQif(one("1E3"), { currency: "USD" }), /line 3 \/ T: "1E3" has an unexpected "E"/);
  assert.equal(parseQif(one("-1,234.56"), { currency: "USD" }).transactions[0]?.amount.minor, -123456n);
  assert.throws(
    () => parseQif(one("1,234"), { currency: "USD" }),
    /line 3 \/ T: .*QIF cannot state its decimal separator/,
  );
  const disagree = `${one("1.234,50")}${one("12.50").replace("!Type:Bank\n", "")}`;
  assert.throws(() => parseQif(disagree, { currency: "EUR" }), /line 6 \/ T: "12\.50" writes "\." .* line 3/);
});

test("QIF dates outside 1900-01-01..2999-12-31 are refused naming line and field", () => {
  assert.throws(
    () => parseQif("!Type:Bank\nD1899-12-31\nT1.00\n^\n", { currency: "EUR" }),
    (e) => isAppError(e) && e.issues[0]?.path === "line 2 / D" && /must be between 1900-01-01/.test(e.message),
  );
});
