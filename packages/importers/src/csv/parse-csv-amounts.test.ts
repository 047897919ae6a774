import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import type { CsvMapping } from "../csv-mapping.ts";
import { parseCsv } from "./parse-csv.ts";

const minors = (text: string, mapping?: CsvMapping, currency = "EUR") =>
  parseCsv(text, { currency, mapping }).transactions.map((t) => t.amount.minor);

/** Asserts a VALIDATION error whose first issue has `path` and a message matching `message`. */
const refused = (text: string, path: string, message: RegExp, mapping?: CsvMapping, currency = "EUR") =>
  assert.throws(
    () => parseCsv(text, { currency, mapping }),
    (e) => {
      assert.ok(isAppError(e) && e.code === "VALIDATION", String(e));
      assert.equal(e.issues[0]?.path, path, e.message);
      assert.match(e.issues[0]?.message ?? "", message);
      return true;
    },
  );

describe("CSV amounts follow the one grammar", () => {
  test("exponents, hex, letters and trailing junk are refused, naming line and field (were -13.00, 22.00, 1.00, 10.00, 12.00)", () => {
    const cases: Array<[string, RegExp]> = [
      ["-1E3", /unexpected "E"/],
      ["2E-2", /unexpected "E"/],
      ["1O.00", /unexpected "O"/],
      ["0x10", /unexpected "x"/],
      ["12abc", /"abc" is not a currency code or symbol/],
    ];
    for (const [amount, message] of cases) {
      refused(`Date,Amount\n2024-01-01,1.00\n2024-01-02,${amount}\n`, "line 3 / amount", message);
    }
  });

  test("a one-row file with 0.001 in EUR is refused: the value proves '.' and has too many decimals (was 1.00)", () => {
    refused("Date,Amount\n2024-01-01,0.001\n", "line 2 / amount", /more than 2 decimal places for EUR/);
  });

  test("'1.234' alone settles nothing: refused with how to say, then read as the mapping says (was 1234.00 by guess)", () => {
    const text = "Date,Amount\n2024-01-01,1.234\n";
    refused(text, "line 2 / amount", /no amount in the file settles which: set csvMapping\.decimalSeparator/);
    assert.deepEqual(minors(text, { decimalSeparator: "," }), [123400n]);
    refused(text, "line 2 / amount", /more than 2 decimal places/, { decimalSeparator: "." });
    assert.deepEqual(minors("Date,Amount\n2024-01-01,1.234\n", { decimalSeparator: "." }, "BHD"), [1234n]);
  });

  test("another row decides the separator for the ambiguous ones, whichever comes first", () => {
    assert.deepEqual(minors('Date,Amount\n2024-01-01,1.234\n2024-01-02,"1.234,50"\n'), [123400n, 123450n]);
    assert.deepEqual(minors("Date;Amount\n2024-01-01;1.234\n2024-01-02;1.234.567\n"), [123400n, 123456700n]);
    assert.deepEqual(minors('Date,Amount\n2024-01-01,"1,234"\n2024-01-02,12.50\n'), [123400n, 1250n]);
  });

  test("rows that disagree about the separator fail, naming the line", () => {
    refused(
      "Date;Amount\n2024-01-01;12,50\n2024-01-02;3.75\n",
      "line 3 / amount",
      /"3\.75" writes "\." as the decimal separator, but line 2 \("12,50"\) writes ","/,
    );
    refused(
      "Date;Debit;Credit\n2024-01-01;1.234,50;\n2024-01-02;;1,234.50\n",
      "line 3 / credit",
      /writes "\." as the decimal separator, but line 2/,
    );
  });

  test("a mapping that contradicts the file's own amounts is an error, not silently overruled", () => {
    refused("Date;Amount\n2024-01-01;12,50\n", "line 2 / amount", /but csvMapping\.decimalSeparator says "\."/, {
      decimalSeparator: ".",
    });
  });

  test("values without a separator need no decision; grouping, marks and signs as banks write them", () => {
    assert.deepEqual(minors("Date,Amount\n2024-01-01,12\n2024-01-02,-7\n"), [1200n, -700n]);
    assert.deepEqual(
      minors('Date;Amount\n2024-01-01;"1 234,50 €"\n2024-01-02;12,34-\n2024-01-03;(5,00)\n2024-01-04;EUR -1.000,00\n'),
      [123450n, -1234n, -500n, -100000n],
    );
  });

  test("an amount of another currency, or beyond the range, is refused", () => {
    refused("Date,Amount\n2024-01-01,$12.00\n", "line 2 / amount", /not the account's EUR/);
    refused(
      "Date,Amount\n2024-01-01,10000000000000.00\n",
      "line 2 / amount",
      /out of range: at most ±9999999999999\.99 EUR/,
    );
    refused("Date,Amount\n2024-01-01,99999999999999999999\n", "line 2 / amount", /out of range/);
  });

  test("dates outside 1900-01-01..2999-12-31 are refused naming line and field", () => {
    refused(
      "Date,Amount\n2024-01-01,1.00\n1899-12-31,1.00\n",
      "line 3 / date",
      /must be between 1900-01-01 and 2999-12-31/,
    );
    refused("Date,Amount\n3000-01-01,1.00\n", "line 2 / date", /must be between/);
  });

  test("spaces around quoted fields: the whole file reads (it failed before)", () => {
    const parsed = parseCsv('Date, Description, Amount\n2024-01-01, "Shop, Main St", "1,234.50"\n', {
      currency: "USD",
    });
    assert.deepEqual(
      parsed.transactions.map((t) => [t.description, t.amount.minor]),
      [["Shop, Main St", 123450n]],
    );
  });
});
