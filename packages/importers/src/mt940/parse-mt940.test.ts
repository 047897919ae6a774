import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { parseDecimal } from "@fincoach/money";
import {
  brief,
  briefs,
  listSamples,
  parseEveryStatement,
  STATEMENTS_DIR,
  sample,
  sampleText,
} from "../test-support/fixtures.ts";
import { readMt940Yml } from "../test-support/read-mt940-yml.ts";
import { parseMt940 } from "./parse-mt940.ts";

// Statements in Deutsche Mark (withdrawn in 2002): Money cannot hold a currency that no longer exists.
const OBSOLETE_CURRENCY = new Set(["mt940-wolph/cmxl/mt940.sta", "mt940-wolph/self-provided/raphaelm.sta"]);
const NOT_MT940 = new Set(["mt940-wolph/self-provided/invalid_statement.sta"]);
const REVERSAL = /^:61:\d{6}(?:\d{4})?(R[CD])/gm;

const withYml = listSamples("mt940-wolph").filter(
  (p) => p.endsWith(".sta") && existsSync(join(STATEMENTS_DIR, p.replace(/\.sta$/, ".yml"))),
);

for (const sta of withYml.filter((p) => !OBSOLETE_CURRENCY.has(p) && !NOT_MT940.has(p))) {
  test(`${sta} matches python-mt940's parse (dates, amounts, currency)`, () => {
    const expected = readMt940Yml(sampleText(sta.replace(/\.sta$/, ".yml")));
    const statements = parseEveryStatement((statement) => parseMt940(sample(sta), { currency: "EUR", statement }));
    const ours = statements.flatMap((s) => s.transactions);
    assert.equal(ours.length, expected.length);
    // python-mt940 ignores the R of RC/RD; SWIFT defines RC as a debit entry and RD as a credit.
    const marks = [...sampleText(sta).matchAll(/^:61:\d{6}(?:\d{4})?(R?[CD])/gm)].map((m) => m[1]);
    const theirs = expected.map((e, i) => {
      const currency = e.currency ?? "EUR";
      const minor = parseDecimal(e.amount, currency).minor;
      return { date: e.entryDate ?? e.date, amount: { minor: marks[i]?.startsWith("R") ? -minor : minor, currency } };
    });
    // One account: the same order. Several: each account's statement in turn, so compare as sets.
    if (statements.length === 1) assert.deepEqual(ours.map(brief), theirs.map(brief));
    else assert.deepEqual(briefs(ours), briefs(theirs));
  });
}

test("the SWIFT reversal marks really occur in the samples (RC = debit)", () => {
  const text = sampleText("mt940-wolph/betterplace/sepa_mt9401.sta");
  assert.ok([...text.matchAll(REVERSAL)].length >= 2);
  const all = parseEveryStatement((statement) => parseMt940(text, { currency: "EUR", statement }));
  const rc = all.flatMap((s) => s.transactions).find((t) => t.notes === "SAMMLER/STORNO");
  assert.equal(rc?.amount.minor, -20488n);
});

test("Deutsche Mark statements are rejected, naming the :61: line and the :60F: that set the currency", () => {
  for (const sta of OBSOLETE_CURRENCY) {
    assert.throws(
      () => parseMt940(sample(sta), { currency: "EUR", statement: "1" }),
      (e) =>
        isAppError(e) &&
        /"DEM" \(:60F: on line \d+\) is not a current ISO 4217 code/.test(e.message) &&
        /^line \d+ \/ :61:$/.test(e.issues[0]?.path ?? ""),
    );
  }
});

test("a file with no MT940 field is rejected", () => {
  assert.throws(() => parseMt940(sample([...NOT_MT940][0] as string), { currency: "EUR" }), /not an MT940 file/);
});

test("German structured :86: gives purpose (SVWZ), counterparty and posting text", () => {
  const [t] = parseMt940(sample("mt940-wolph/self-provided/whitespace.sta"), { currency: "EUR" }).transactions;
  assert.deepEqual(t, {
    date: "2017-09-14",
    amount: { minor: -23315n, currency: "EUR" },
    description: "ERSTATTUNG AUSLANDSEINSATZENTGELT FUER VISA 4998 XXXXXXXX 1234",
    merchant: "DEUTSCHE KREDITBANK AG",
    notes: "UMBUCHUNG",
    externalId: t?.externalId,
  });
  const snippet = sample("mt940-wolph/betterplace/sepa_snippet.sta");
  const [sepa] = parseMt940(snippet, { currency: "EUR", statement: "50880050/0194787400888" }).transactions;
  assert.deepEqual(
    [sepa?.description, sepa?.merchant, sepa?.externalId],
    ["Verw CTSc-01 BC-PPP TFNr 22 004", "KARL KAUFMANN", "mt940:0724710333343453"],
  );
});

test("Dutch /NAME/ /REMI/ details (Rabobank) and free text (ABN AMRO, several :86: lines)", () => {
  const rabo = parseMt940(sample("mt940-wolph/jejik/rabobank-iban.sta"), { currency: "EUR" }).transactions;
  assert.deepEqual([rabo[1]?.description, rabo[1]?.merchant], ["Reference 201301234", "JOHN DOE"]);
  const abn = parseMt940(sample("mt940-wolph/jejik/abnamro.sta"), { currency: "EUR" });
  assert.match(abn.transactions[0]?.description ?? "", /^GIRO 428428 KPN - DIGITENNE .* INCL\. 1,44 BTW$/);
  assert.equal(abn.accountId, "517852257");
  assert.equal(abn.currency, "EUR");
});

test("entry dates roll over the year boundary", () => {
  const text = ":20:X\n:25:1\n:60F:C231231EUR0,00\n:61:2312310102D1,00NTRFNONREF\n:61:2401021231C2,00NTRFNONREF\n-";
  assert.deepEqual(
    parseMt940(text, { currency: "EUR" }).transactions.map((t) => t.date),
    ["2024-01-02", "2023-12-31"],
  );
});

test("a broken :61: line names its line", () => {
  const text = ":20:X\n:60F:C240101EUR0,00\n:61:2401X1D1,00NTRF\n:61:240101Q1,00NTRF\n:61:240101D\n-";
  assert.throws(
    () => parseMt940(text, { currency: "EUR" }),
    (e) => {
      assert.ok(isAppError(e));
      assert.deepEqual(
        e.issues.map((i) => [i.path, i.message]),
        [
          ["line 3 / :61:", 'value date "2401X1" is not a YYMMDD date'],
          ["line 4 / :61:", '"Q1" is not a debit/credit mark (C, D, RC, RD)'],
          ["line 5 / :61:", 'no amount after the "D" mark'],
        ],
      );
      return true;
    },
  );
});

describe("a month's daily MT940 messages of a giro account, interleaved with its savings account", () => {
  const file = readFileSync(join(import.meta.dirname, "fixtures", "daily-two-accounts.sta"));

  test("without a choice: VALIDATION on `statement` listing both :25: accounts", () => {
    assert.throws(
      () => parseMt940(file, { currency: "EUR" }),
      (e) =>
        isAppError(e) &&
        e.issues[0]?.path === "statement" &&
        e.message.includes(
          "1. account 10050000/0123456789, EUR, 4 records; 2. account 10050000/0987654321, EUR, 1 record",
        ),
    );
  });

  test("the giro account's three daily messages are one statement, in file order", () => {
    const giro = parseMt940(file, { currency: "EUR", accountNumber: "10050000/0123456789" });
    assert.deepEqual(giro.transactions.map(brief), [
      "2024-04-02 -42.17 EUR",
      "2024-04-02 1850.00 EUR",
      "2024-04-03 -9.99 EUR",
      "2024-04-04 42.17 EUR",
    ]);
    assert.equal(giro.transactions[0]?.merchant, "Stadtwerke München GmbH");
    assert.deepEqual([giro.seen, giro.skipped, giro.accountId, giro.currency], [4, [], "10050000/0123456789", "EUR"]);
    assert.deepEqual(giro.statements, [
      { index: 1, accountNumber: "10050000/0123456789", currency: "EUR", records: 4 },
      { index: 2, accountNumber: "10050000/0987654321", currency: "EUR", records: 1 },
    ]);
  });

  test("the savings account by its :25: or by index", () => {
    for (const statement of ["10050000/0987654321", "2"]) {
      assert.deepEqual(parseMt940(file, { currency: "EUR", statement }).transactions.map(brief), [
        "2024-04-02 12.40 EUR",
      ]);
    }
  });
});
