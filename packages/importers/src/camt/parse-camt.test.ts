import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { brief, listSamples, sample, sampleText } from "../test-support/fixtures.ts";
import { parseCamt } from "./parse-camt.ts";

type ExpectedEntry = {
  getAmount: { getAmount: string; getCurrency: { getCode: string } };
  getBookingDate?: { 0: string } | null;
  getValueDate?: { 0: string } | null;
  getAccountServicerReference: string | null;
  getStatus?: string | null;
};

const camt = (name: string) => parseCamt(sample(`camt-genkgo/${name}`), { currency: "EUR" });

// genkgo/camt's JSON dumps hold the entries of the last record; compare each one with ours.
for (const xml of listSamples("camt-genkgo").filter((p) => p.endsWith(".xml") && !p.includes("wrong"))) {
  test(`${xml} matches genkgo's expected entries`, () => {
    const expected = JSON.parse(sampleText(xml.replace(/\.xml$/, ".json"))).getEntries as ExpectedEntry[];
    const parsed = parseCamt(sample(xml), { currency: "EUR" });
    const ours = parsed.transactions;
    const entries = sampleText(xml).split("<Ntry>").length - 1;
    // No sample batch splits exactly into its details, so each entry is one transaction or skipped.
    assert.equal(ours.length + parsed.skipped.length, entries, "every <Ntry> is a transaction or skipped");
    assert.equal(parsed.seen, entries);
    const pending = expected.filter((e) => e.getStatus === "PDNG").length;
    assert.equal(parsed.skipped.filter((s) => /^status PDNG/.test(s.reason)).length, pending);
    for (const e of expected.filter((x) => x.getStatus !== "PDNG")) {
      const minor = BigInt(e.getAmount.getAmount);
      const currency = e.getAmount.getCurrency.getCode;
      const date = (e.getBookingDate ?? e.getValueDate)?.[0]?.slice(0, 10);
      const match = ours.find(
        (t) => t.amount.minor === minor && t.amount.currency === currency && (!date || t.date === date),
      );
      assert.ok(
        match,
        `no transaction ${minor} ${currency} ${date} in ${JSON.stringify(ours, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`,
      );
      if (e.getAccountServicerReference) assert.equal(match.externalId, `camt:${e.getAccountServicerReference}`);
    }
  });
}

test("camt.053 with two <Stmt> of the same IBAN: one statement holding both entries", () => {
  const parsed = camt("camt053.v2.multi.statement.xml");
  assert.deepEqual(
    parsed.transactions.map((t) => [t.date, t.amount.minor, t.description, t.externalId]),
    [
      ["2014-12-31", 885n, "Transaction Description 1", "camt:2014-12-31:000000001"],
      ["2014-12-31", -700n, "Transaction Description 2", "camt:2014-12-31:000000002"],
    ],
  );
  assert.equal(parsed.accountId, "NL26VAYB8060476890");
  assert.equal(parsed.currency, "EUR");
  assert.deepEqual(parsed.statements, [{ index: 1, accountNumber: "NL26VAYB8060476890", currency: "EUR", records: 2 }]);
});

test("camt.054 v8: nested party names, several Ustrd lines, the debit's creditor as merchant", () => {
  const [t] = camt("camt054.v8.xml").transactions;
  assert.equal(t?.merchant, "Example Creditor 3 - V1");
  assert.match(t?.description ?? "", /^Unstructured Remittance Information V1 .* block 2$/);
  assert.equal(t?.amount.minor, -20000000n);
});

test("an entry without booking or value date takes the report's creation date", () => {
  assert.equal(camt("camt052.v2.with-account-name.xml").transactions[0]?.date, "2007-10-18");
});

test("five-decimal amounts with trailing zeros are exact", () => {
  assert.equal(camt("camt053.v2.five.decimals.xml").transactions[0]?.amount.minor, 885n);
});

test("a statement-less document is rejected", () => {
  assert.throws(
    () => camt("camt053.v2.wrong.xml"),
    (e) =>
      isAppError(e) &&
      e.code === "VALIDATION" &&
      /holds no Stmt/.test(e.message) &&
      e.issues[0]?.path === "line 3 / BkToCstmrStmt",
  );
});

const doc = (ntry: string) =>
  `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr/><Stmt>\n${ntry}\n</Stmt></BkToCstmrStmt></Document>`;

test("bad entries name the element and field; INFO entries are skipped", () => {
  const bad = doc(`<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>UP</CdtDbtInd><BookgDt><Dt>2024-13-01</Dt></BookgDt></Ntry>
<Ntry><Amt Ccy="EUR">1.001</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-01-01</Dt></BookgDt></Ntry>`);
  assert.throws(
    () => parseCamt(bad, { currency: "EUR" }),
    (e) => {
      assert.ok(isAppError(e));
      assert.deepEqual(
        e.issues.map((i) => i.path),
        ["line 2 / Ntry[1].BookgDt", "line 2 / Ntry[1].CdtDbtInd", "line 3 / Ntry[2].Amt"],
      );
      return true;
    },
  );
  const info = doc(
    `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>INFO</Sts><BookgDt><Dt>2024-01-01</Dt></BookgDt></Ntry>`,
  );
  assert.deepEqual(parseCamt(info, { currency: "EUR" }).transactions, []);
});

test("NOTPROVIDED references fall back to the content hash", () => {
  const ntry = `<Ntry><Amt Ccy="EUR">2.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><DtTm>2024-01-01T10:00:00+01:00</DtTm></BookgDt>
<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>`;
  const [t] = parseCamt(doc(ntry), { currency: "EUR" }).transactions;
  assert.match(t?.externalId ?? "", /^[0-9a-f]{32}:1$/);
  assert.equal(t?.date, "2024-01-01");
});

test("malformed XML is a VALIDATION error with a line, never a crash", () => {
  for (const [xml, message] of [
    ["<Document><BkToCstmrStmt></Document>", /line 1: <\/Document> does not match <BkToCstmrStmt>/],
    ["<Document><BkToCstmrStmt>", /never closed/],
    ["<Document", /no closing ">"/],
    ["plain text", /text outside the root element/],
  ] as const) {
    assert.throws(
      () => parseCamt(xml, { currency: "EUR" }),
      (e) => isAppError(e) && message.test(e.message),
    );
  }
});

describe("a German club's camt.053: two accounts, a statement per day, batches, pending and info entries", () => {
  const file = readFileSync(join(import.meta.dirname, "fixtures", "two-accounts-batches.camt053.xml"));
  const club = parseCamt(file, { currency: "EUR", accountNumber: "DE02 1203 0000 0000 2020 51" });

  test("without a choice: VALIDATION on `statement` listing both accounts", () => {
    assert.throws(
      () => parseCamt(file, { currency: "EUR" }),
      (e) =>
        isAppError(e) &&
        e.issues[0]?.path === "statement" &&
        e.message.includes(
          "1. account DE02120300000000202051, EUR, 7 records; 2. account DE84120300001020304050, EUR, 1 record",
        ),
    );
  });

  test("the two daily <Stmt> of the club account (IBAN written with and without spaces) are one statement", () => {
    assert.equal(club.accountId, "DE02120300000000202051");
    assert.deepEqual(club.transactions.map(brief), [
      "2024-04-02 30.00 EUR",
      "2024-04-02 45.00 EUR",
      "2024-04-02 30.00 EUR",
      "2024-04-02 -89.90 EUR",
      "2024-04-03 -120.00 EUR",
    ]);
    assert.equal(
      parseCamt(file, { currency: "EUR", statement: "2" }).transactions[0]?.description,
      "Zinsgutschrift Q1 2024",
    );
  });

  test("a batch whose details sum to the entry is split: one transaction per payer, stable ids", () => {
    assert.deepEqual(
      club.transactions.slice(0, 3).map((t) => [t.merchant, t.description, t.notes, t.externalId]),
      [
        ["Jana Krüger", "Mitgliedsbeitrag April 2024", "SEPA-Lastschrift Sammler", "camt:2024040200481/1"],
        ["Familie Öztürk", "Familienbeitrag April 2024", "SEPA-Lastschrift Sammler", "camt:2024040200481/2"],
        ["Lukas Weber", "Mitgliedsbeitrag April 2024", "SEPA-Lastschrift Sammler", "camt:2024040200481/3"],
      ],
    );
  });

  test("a batch without per-detail amounts stays one transaction; PDNG and INFO entries are skipped with reasons", () => {
    assert.equal(club.transactions[4]?.externalId, "camt:2024040300033");
    assert.deepEqual(
      club.skipped.map((s) => s.path),
      ["line 134 / Ntry[5].Sts", "line 141 / Ntry[6].Sts"],
    );
    assert.match(club.skipped[0]?.reason ?? "", /^status PDNG: pending/);
    assert.match(club.skipped[1]?.reason ?? "", /^status INFO/);
    assert.equal(club.seen, 7);
  });
});

describe("batch entries", () => {
  const batch = (entry: string, details: string[]) =>
    doc(
      `<Ntry>${entry}<BookgDt><Dt>2024-05-02</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef><NtryDtls>${details.map((d) => `<TxDtls>${d}</TxDtls>`).join("")}</NtryDtls></Ntry>`,
    );
  const amounts = (xml: string) => parseCamt(xml, { currency: "EUR" }).transactions.map((t) => t.amount.minor);

  test("v4+ details carry their own indicator: a return inside a debit batch splits with its sign", () => {
    const xml = batch(`<Amt Ccy="EUR">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>`, [
      `<Amt Ccy="EUR">60.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>`,
      `<Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>`,
    ]);
    assert.deepEqual(amounts(xml), [-6000n, 1000n]);
  });

  test("details that do not sum exactly, or are in another currency, leave the entry whole", () => {
    const entry = `<Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>`;
    assert.deepEqual(amounts(batch(entry, [`<Amt Ccy="EUR">25.00</Amt>`, `<Amt Ccy="EUR">24.99</Amt>`])), [5000n]);
    assert.deepEqual(amounts(batch(entry, [`<Amt Ccy="EUR">25.00</Amt>`, `<Amt Ccy="USD">25.00</Amt>`])), [5000n]);
    const parsed = parseCamt(batch(entry, [`<Amt Ccy="EUR">25.00</Amt>`, `<Amt Ccy="EUR">24.99</Amt>`]), {
      currency: "EUR",
    });
    assert.deepEqual([parsed.seen, parsed.skipped], [1, []]);
  });
});

test("dates outside 1900-01-01..2999-12-31 are refused naming the entry and field", () => {
  for (const [dates, path] of [
    ["<BookgDt><Dt>9999-12-31</Dt></BookgDt>", "line 2 / Ntry[1].BookgDt"],
    ["<ValDt><DtTm>1899-12-31T10:00:00</DtTm></ValDt>", "line 2 / Ntry[1].ValDt"],
  ] as const) {
    assert.throws(
      () =>
        parseCamt(doc(`<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>${dates}</Ntry>`), {
          currency: "EUR",
        }),
      (e) =>
        isAppError(e) &&
        e.issues[0]?.path === path &&
        /must be between 1900-01-01 and 2999-12-31/.test(e.issues[0].message),
      dates,
    );
  }
});
