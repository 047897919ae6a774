import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { CsvMapping } from "../csv-mapping.ts";
import { sample } from "../test-support/fixtures.ts";
import type { ParsedStatement } from "../types.ts";
import { parseCsv } from "./parse-csv.ts";

/** The sample files with the mapping a person would give (as in parse-csv.test.ts). */
const SAMPLES: Array<[string, string, CsvMapping?]> = [
  ["amazon.csv", "USD", { amount: "total", invertSign: true, description: "items", reference: "order id" }],
  ["capitalone.csv", "USD"],
  ["creditunion.csv", "USD"],
  ["default.csv", "USD"],
  ["gls.csv", "EUR"],
  ["ingesp.csv", "EUR"],
  ["mint.csv", "USD"],
  ["mint_extra.csv", "USD"],
  ["mint_headerless.csv", "USD", { hasHeader: false, date: 0, description: 1, amount: 3, direction: 4 }],
  ["n26-fr.csv", "EUR"],
  ["outbank.csv", "EUR"],
  ["payoneer.csv", "USD"],
  ["pcmastercard.csv", "CAD", { invertSign: true }],
  ["schwab-checking.csv", "USD"],
  ...[1, 2, 3, 4, 5, 6, 7].map((n): [string, string] => [`schwab-checking-baltest-case${n}.csv`, "USD"]),
  ["stripe-all.csv", "USD", { reference: "id" }],
  ["stripe-default.csv", "USD"],
  ["ubs-ch-fr_trimmed.csv", "EUR", { description: "Description 1", merchant: "Description 2" }],
  ["xero.csv", "USD"],
];

const balanced = (p: ParsedStatement, name: string) => {
  assert.equal(p.transactions.length + p.skipped.length, p.seen, name);
  assert.deepEqual(
    p.statements,
    [{ index: 1, records: p.seen, ...(p.currency ? { currency: p.currency } : {}) }],
    name,
  );
};

test("every CSV sample accounts for each data row: transactions + skipped === seen", () => {
  for (const [name, currency, mapping] of SAMPLES) {
    balanced(parseCsv(sample(`csv-csv2ofx/test/${name}`), { currency, mapping }), name);
  }
});

test("Amazon: pending and cancelled orders (no total) are skipped with their lines; the repeated header is no record", () => {
  const [, currency, mapping] = SAMPLES[0]!;
  const parsed = parseCsv(sample("csv-csv2ofx/test/amazon.csv"), { currency, mapping });
  assert.equal(parsed.seen, 6);
  assert.equal(parsed.transactions.length, 3);
  assert.deepEqual(
    parsed.skipped.map((s) => s.path),
    ["line 5", "line 6", "line 7"],
  );
  assert.match(parsed.skipped[0]?.reason ?? "", /no amount/);
});

test("generated files: empty rows and header repeats are not records; rows without an amount are skipped", () => {
  const kind = fc.constantFrom("tx", "tx", "tx", "no-amount", "empty", "header");
  fc.assert(
    fc.property(fc.array(kind, { maxLength: 40 }), (kinds) => {
      const lines = ["Date,Description,Amount"];
      const expectedSkipped: string[] = [];
      let transactions = 0;
      kinds.forEach((k, i) => {
        const line = lines.length + 1;
        if (k === "tx") {
          lines.push(`2024-01-${String((i % 28) + 1).padStart(2, "0")},row ${i},-${i}.50`);
          transactions++;
        } else if (k === "no-amount") {
          lines.push(`2024-02-01,pending ${i},`);
          expectedSkipped.push(`line ${line}`);
        } else if (k === "empty") lines.push(",,");
        else lines.push("Date,Description,Amount");
      });
      const parsed = parseCsv(`${lines.join("\n")}\n`, { currency: "EUR" });
      assert.equal(parsed.transactions.length, transactions);
      assert.deepEqual(
        parsed.skipped.map((s) => s.path),
        expectedSkipped,
      );
      assert.equal(parsed.seen, transactions + expectedSkipped.length);
      balanced(parsed, "generated");
    }),
    { numRuns: 200 },
  );
});
