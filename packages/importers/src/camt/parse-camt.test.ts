import assert from "node:assert/strict";
import { test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { listSamples, sample, sampleText } from "../test-support/fixtures.ts";
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

test("camt.053 with two statements flattens both entries", () => {
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
