import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import type { CsvMapping } from "../csv-mapping.ts";
import { parseOfx } from "../ofx/parse-ofx.ts";
import { parseQif } from "../qif/parse-qif.ts";
import { brief, briefs, parseEveryStatement, sample } from "../test-support/fixtures.ts";
import type { ParsedStatement } from "../types.ts";
import { parseCsv } from "./parse-csv.ts";

const csv = (name: string, currency: string, mapping?: CsvMapping): ParsedStatement =>
  parseCsv(sample(`csv-csv2ofx/test/${name}`), { currency, mapping });
// csv2ofx writes one OFX statement per account it saw (default.ofx holds two): compare with them all.
const expectedOfx = (name: string, currency: string) =>
  parseEveryStatement((statement) =>
    parseOfx(sample(`csv-csv2ofx/converted/${name}`), { currency, statement }),
  ).flatMap((s) => s.transactions);
const expectedQif = (name: string, currency: string) =>
  parseQif(sample(`csv-csv2ofx/converted/${name}`), { currency }).transactions;

// The csv2ofx project's own conversions are the oracle: same dates, amounts and currency.
describe("real layouts against csv2ofx's expected conversions", () => {
  test("GLS (German, Latin-1, ';', decimal comma, currency column), all sniffed", () => {
    const parsed = csv("gls.csv", "USD");
    assert.deepEqual(briefs(parsed.transactions), briefs(expectedOfx("gls.ofx", "EUR")));
    assert.equal(parsed.currency, "EUR");
    assert.equal(parsed.transactions[0]?.merchant, "Drillisch Online AG");
  });

  test("N26 (French): 'Booking Date', 'Amount (EUR)', partner name", () => {
    const parsed = csv("n26-fr.csv", "EUR");
    assert.deepEqual(briefs(parsed.transactions), briefs(expectedOfx("n26.ofx", "EUR")));
    assert.equal(parsed.transactions[0]?.description, "Compte courant");
  });

  test("Outbank (';', M/D/YY dates, decimal comma, Name and Reason)", () => {
    const parsed = csv("outbank.csv", "EUR");
    assert.deepEqual(briefs(parsed.transactions), briefs(expectedOfx("outbank.ofx", "EUR")));
    assert.deepEqual(parsed.transactions[1], {
      date: "2019-02-08",
      amount: { minor: -6389n, currency: "EUR" },
      description: "Shell Gas purchase MASTER 0123456789",
      merchant: "Shell Gas",
      externalId: parsed.transactions[1]?.externalId,
    });
  });

  test("Payoneer (separate credit/debit amounts, transaction id as external id)", () => {
    const parsed = csv("payoneer.csv", "USD");
    assert.deepEqual(briefs(parsed.transactions), briefs(expectedOfx("payoneer.ofx", "USD")));
    assert.deepEqual(
      parsed.transactions.map((t) => t.externalId),
      ["csv:123", "csv:1234"],
    );
  });

  test("Schwab checking (Withdrawal/Deposit with $ signs), all eight balance cases", () => {
    for (const name of ["schwab-checking", ...[1, 2, 3, 4, 5, 6, 7].map((n) => `schwab-checking-baltest-case${n}`)]) {
      assert.deepEqual(briefs(csv(`${name}.csv`, "USD").transactions), briefs(expectedOfx(`${name}.ofx`, "USD")), name);
    }
  });

  test("Stripe ('created' timestamps, lower-case currency column, charge id mapped as the reference)", () => {
    for (const name of ["stripe-default", "stripe-all"]) {
      const parsed = csv(`${name}.csv`, "USD", { reference: "id" });
      assert.deepEqual(briefs(parsed.transactions), briefs(expectedOfx(`${name}.ofx`, "USD")), name);
      assert.deepEqual(briefs(parsed.transactions), briefs(expectedQif(`${name}.qif`, "CAD")), name);
      assert.equal(parsed.transactions[0]?.externalId, "csv:ch_1IGl9SBI9JK85yVZtjcU9OLJ");
    }
  });

  test("credit union (bare-CR line ends, M/D/YY) and the default layout", () => {
    assert.deepEqual(briefs(csv("creditunion.csv", "USD").transactions), briefs(expectedQif("creditunion.qif", "USD")));
    assert.deepEqual(briefs(csv("default.csv", "USD").transactions), briefs(expectedQif("default.qif", "USD")));
    assert.deepEqual(briefs(csv("default.csv", "USD").transactions), briefs(expectedOfx("default.ofx", "USD")));
  });

  test("Mint: the 'Transaction Type' column signs unsigned amounts; the repeated header row is skipped", () => {
    const expected = briefs(expectedQif("mint.qif", "USD"));
    assert.deepEqual(briefs(csv("mint.csv", "USD").transactions), expected);
    assert.deepEqual(briefs(csv("mint_extra.csv", "USD").transactions), expected);
    const subset = briefs(expectedQif("mint_extra.qif", "USD"));
    assert.ok(subset.every((t) => expected.includes(t)));
  });

  test("Mint without a header row, read with column indexes as a user would map it", () => {
    const mapping = { hasHeader: false, date: 0, description: 1, amount: 3, direction: 4 };
    assert.deepEqual(
      briefs(csv("mint_headerless.csv", "USD", mapping).transactions),
      briefs(expectedQif("mint.qif", "USD")),
    );
    // The same indexes without hasHeader: the first row holds a date, so it is data, not a header.
    const { hasHeader: _, ...sniffed } = mapping;
    assert.equal(csv("mint_headerless.csv", "USD", sniffed).transactions.length, 4);
    // A first row with a bad date is still data (its amount says so) and fails loudly, not silently.
    const text = "pending,Tea,x,1.00,debit\n6/12/15,Coffee,x,2.00,debit\n";
    assert.throws(() => parseCsv(text, { currency: "USD", mapping: sniffed }), /line 1 \/ date/);
  });

  test("PC Mastercard lists purchases as positive numbers: invertSign", () => {
    const parsed = csv("pcmastercard.csv", "CAD", { invertSign: true });
    assert.deepEqual(briefs(parsed.transactions), briefs(expectedOfx("pcmastercard.ofx", "CAD")));
    assert.equal(parsed.transactions[0]?.merchant, "Mobil");
  });

  test("Amazon order history, mapped by hand; pending and cancelled orders (no total) are skipped", () => {
    const mapping = { amount: "total", invertSign: true, description: "items", reference: "order id" };
    const parsed = csv("amazon.csv", "USD", mapping);
    assert.equal(parsed.transactions.length, 3);
    const ours = briefs(parsed.transactions);
    for (const t of expectedOfx("amazon.ofx", "USD")) assert.ok(ours.includes(brief(t)), brief(t));
    assert.equal(parsed.transactions[0]?.externalId, "csv:112-1635210-7125801");
  });

  test("UBS (French, Débit/Crédit, 'Date de valeur', apostrophe thousands), description columns mapped", () => {
    const parsed = csv("ubs-ch-fr_trimmed.csv", "EUR", { description: "Description 1", merchant: "Description 2" });
    assert.deepEqual(briefs(parsed.transactions), briefs(expectedQif("ubs-ch-fr.qif", "CHF")));
    assert.equal(parsed.currency, "CHF");
    assert.deepEqual(
      parsed.transactions.map((t) => [t.externalId, t.description, t.merchant]),
      [
        ["csv:A01234BC01234567", "Solde prix prestations", undefined],
        ["csv:3456789ZT1234567", "Virement postal", "ASSOCIATION FOO-BAR"],
        ["csv:9979360TI2115087", "Ordre e-banking", "REMB-CASH"],
      ],
    );
  });

  test("ING Spain (DD/MM/YYYY, decided by '24/03/2022'); csv2ofx misread one ambiguous date", () => {
    const ours = briefs(csv("ingesp.csv", "EUR").transactions);
    // csv2ofx guessed each date on its own and read "08/04/2022" month-first; the file is day-first.
    const expected = briefs(expectedOfx("ingesp.ofx", "EUR")).map((t) => t.replace("2022-08-04", "2022-04-08"));
    assert.deepEqual(ours, expected.sort());
  });

  test("a bare 'id' column is not taken as a reference: it is often the export's row number", () => {
    assert.match(csv("stripe-default.csv", "USD").transactions[0]?.externalId ?? "", /^[0-9a-f]{32}:1$/);
  });

  test("Capital One (Debit/Credit columns; the posted date is the booking date)", () => {
    assert.deepEqual(briefs(csv("capitalone.csv", "USD").transactions), [
      "2016-01-02 -1000.00 USD",
      "2016-01-02 1000.00 USD",
    ]);
  });

  test("Xero journal ('23-Jan-15' dates, NetAmount)", () => {
    const parsed = csv("xero.csv", "USD");
    assert.equal(parsed.transactions.length, 13);
    assert.equal(brief(parsed.transactions[0] as ParsedStatement["transactions"][number]), "2015-01-23 -36000.00 USD");
    assert.equal(parsed.transactions.at(-1)?.date, "2015-02-14");
  });
});

describe("sniffing and mapping", () => {
  test("finds the header below a preamble and reads day-first dotted dates", () => {
    const text =
      "Konto;DE12 3456\nZeitraum;01.01.2024 - 31.01.2024\n\nBuchungstag;Verwendungszweck;Betrag\n02.01.2024;Miete;-1.200,00\n";
    const [t] = parseCsv(text, { currency: "EUR" }).transactions;
    assert.deepEqual([t?.date, t?.description, t?.amount.minor], ["2024-01-02", "Miete", -120000n]);
  });

  test("ambiguous slash dates are month-first for USD and day-first otherwise, unless dateFormat says", () => {
    const text = "Date,Description,Amount\n05/03/2021,x,1.00\n";
    assert.equal(parseCsv(text, { currency: "USD" }).transactions[0]?.date, "2021-05-03");
    assert.equal(parseCsv(text, { currency: "EUR" }).transactions[0]?.date, "2021-03-05");
    assert.equal(
      parseCsv(text, { currency: "USD", mapping: { dateFormat: "DD/MM/YYYY" } }).transactions[0]?.date,
      "2021-03-05",
    );
  });

  test("a decimal comma is sniffed from the column, so '1.234' is not mistaken for 1.234", () => {
    const text = "Date;Text;Amount\n2024-01-02;a;1.234\n2024-01-03;b;12,50\n";
    assert.deepEqual(
      parseCsv(text, { currency: "EUR" }).transactions.map((t) => t.amount.minor),
      [123400n, 1250n],
    );
  });

  test("explicit mapping by name and by index, delimiter and skipRows", () => {
    const text = "junk line\nwhen|what|value\n2024-02-01|Tea|-3,20\n";
    const mapping = {
      skipRows: 1,
      delimiter: "|",
      date: "when",
      description: 1,
      amount: "value",
      decimalSeparator: "," as const,
    };
    assert.deepEqual(parseCsv(text, { currency: "EUR", mapping }).transactions[0], {
      date: "2024-02-01",
      amount: { minor: -320n, currency: "EUR" },
      description: "Tea",
      externalId: parseCsv(text, { currency: "EUR", mapping }).transactions[0]?.externalId,
    });
  });

  test("a direction column named in the mapping must hold debit or credit words", () => {
    const text = "Date,Amount,Kind\n2024-01-01,5.00,DR\n2024-01-02,6.00,CR\n2024-01-03,7.00,weird\n";
    assert.throws(
      () => parseCsv(text, { currency: "EUR", mapping: { direction: "Kind" } }),
      (e) => isAppError(e) && e.issues.length === 1 && e.issues[0]?.path === "line 4 / direction",
    );
    const parsed = parseCsv(text.split("\n").slice(0, 3).join("\n"), {
      currency: "EUR",
      mapping: { direction: "Kind" },
    });
    assert.deepEqual(
      parsed.transactions.map((t) => t.amount.minor),
      [-500n, 600n],
    );
  });

  test("description falls back to merchant, then notes, then a placeholder", () => {
    const text = "Date,Amount,Payee,Notes\n2024-01-01,1,Shop,\n2024-01-02,2,,memo\n2024-01-03,3,,\n";
    assert.deepEqual(
      parseCsv(text, { currency: "EUR" }).transactions.map((t) => t.description),
      ["Shop", "memo", "(no description)"],
    );
  });
});

describe("errors name the line and the field", () => {
  const failsWith = (text: string, mapping: CsvMapping | undefined, paths: string[]) =>
    assert.throws(
      () => parseCsv(text, { currency: "EUR", mapping }),
      (e) => {
        assert.ok(isAppError(e) && e.code === "VALIDATION", String(e));
        assert.deepEqual(
          e.issues.map((i) => i.path),
          paths,
        );
        return true;
      },
    );

  test("bad dates and bad amounts, each on its own line", () => {
    const text =
      "Date,Description,Amount\n2024-01-01,ok,1.00\n2024-02-30,bad date,1.00\n2024-01-03,bad amount,12.3.4\n,no date,5\n";
    failsWith(text, undefined, ["line 3 / date", "line 4 / amount", "line 5 / date"]);
  });

  test("amounts with more decimals than the currency has are rejected, not rounded", () => {
    failsWith("Date,Amount\n2024-01-01,1.005\n", { decimalSeparator: "." }, ["line 2 / amount"]);
  });

  test("an unknown currency in the currency column", () => {
    failsWith("Date,Amount,Currency\n2024-01-01,1.00,XYZ\n", undefined, ["line 2 / currency"]);
  });

  test("a mapping naming a column that does not exist", () => {
    failsWith("Date,Amount\n2024-01-01,1\n", { amount: "Betrag" }, ["csvMapping"]);
    assert.throws(
      () => parseCsv("Date,Amount\n2024-01-01,1\n", { currency: "EUR", mapping: { amount: "Betrag" } }),
      /no column named "Betrag"/,
    );
  });

  test("a mapping that is not a valid CsvMapping", () => {
    failsWith("Date,Amount\n", { dateFormat: "YYYY-DD-MM", delimiter: ";;" } as CsvMapping, [
      "csvMapping.dateFormat",
      "csvMapping.delimiter",
    ]);
  });

  test("no recognisable header and no mapping", () => {
    failsWith("foo,bar\n1,2\n", undefined, ["csvMapping"]);
  });

  test("column names on a headerless file", () => {
    failsWith("2024-01-01,1\n", { hasHeader: false, date: "Date", amount: 1 }, ["csvMapping.date"]);
  });

  test("an empty file", () => {
    failsWith(" \n", undefined, ["file"]);
  });
});
