import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, storedRows, upload } from "../imports/import-fixtures.ts";
import { insertTransactions } from "./export-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe("export: OFX", () => {
  test("OFX 2.2 XML: one statement per account, bank then card message sets, escaped text", async () => {
    const u = await h.newUser();
    const checking = await newAccount(h, u, "EUR", "checking", "Checking");
    const card = await newAccount(h, u, "EUR", "credit_card", "Card");
    await insertTransactions(h, u.id, checking.id, [
      { date: "2024-01-05", amountMinor: -1250n, description: "Fish & <Chips>", notes: 'memo "quoted"' },
      { date: "2024-01-20", amountMinor: 250000n, description: "Salary", externalId: "ofx:BANK-1" },
    ]);
    await insertTransactions(h, u.id, card.id, [{ date: "2024-01-10", amountMinor: -999n, description: "Books" }]);

    const res = await h.call("GET", "/v1/transactions/export?format=ofx&from=2024-01-01&to=2024-01-31", {
      token: u.token,
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get("content-type"), "application/x-ofx");
    assert.equal(res.headers.get("content-disposition"), 'attachment; filename="fincoach-2024-01-01-2024-01-31.ofx"');
    const ofx = res.text;
    assert.match(
      ofx,
      /^<\?xml version="1.0" encoding="UTF-8" standalone="no"\?>\n<\?OFX OFXHEADER="200" VERSION="220"/,
    );
    assert.ok(ofx.indexOf("<BANKMSGSRSV1>") < ofx.indexOf("<CREDITCARDMSGSRSV1>"));
    assert.equal(count(ofx, /<STMTTRN>/g), 3);
    assert.equal(count(ofx, /<\/STMTTRN>/g), 3);
    assert.match(ofx, /<NAME>Fish &amp; &lt;Chips&gt;<\/NAME><MEMO>memo &quot;quoted&quot;<\/MEMO>/);
    assert.match(
      ofx,
      /<TRNTYPE>CREDIT<\/TRNTYPE><DTPOSTED>20240120<\/DTPOSTED><TRNAMT>2500.00<\/TRNAMT><FITID>ofx:BANK-1<\/FITID>/,
    );
    assert.match(ofx, /<TRNTYPE>DEBIT<\/TRNTYPE><DTPOSTED>20240110<\/DTPOSTED><TRNAMT>-9.99<\/TRNAMT>/);
    assert.match(ofx, /<DTSTART>20240101<\/DTSTART><DTEND>20240131<\/DTEND>/);
    assert.match(ofx, /<LEDGERBAL><BALAMT>2487.50<\/BALAMT><DTASOF>20240120<\/DTASOF><\/LEDGERBAL>/);
    assert.match(ofx, /<CCACCTFROM><ACCTID>[0-9a-f-]{36}<\/ACCTID><\/CCACCTFROM>/);
    assert.ok(ofx.endsWith("</CREDITCARDMSGSRSV1>\n</OFX>\n"));
  });

  test("no transactions: a valid document with no statements", async () => {
    const u = await h.newUser();
    const res = await h.call("GET", "/v1/transactions/export?format=ofx", { token: u.token });
    assert.equal(res.status, 200);
    assert.match(res.text, /<SIGNONMSGSRSV1>.*<\/SIGNONMSGSRSV1>\n<\/OFX>\n$/s);
  });

  test("round trip: export OFX, import it into a fresh account; amounts and dates match; again inserts 0", async () => {
    const u = await h.newUser();
    const source = await newAccount(h, u, "USD", "checking", "Source");
    const imported = await upload(h, u, { accountId: source.id, path: "ofx-ofxparse/checking.ofx" });
    assert.equal(imported.status, 201, imported.text);
    await insertTransactions(
      h,
      u.id,
      source.id,
      [
        { date: "2024-02-29", amountMinor: -1n, description: 'Café <au> lait & "more"' },
        { date: "2024-03-01", amountMinor: 123456789n, description: "Big one", notes: "with memo" },
      ],
      "USD",
    );

    const exported = await h.call("GET", `/v1/transactions/export?format=ofx&accountId=${source.id}`, {
      token: u.token,
    });
    assert.equal(exported.status, 200);
    const target = await newAccount(h, u, "USD", "checking", "Target");
    const first = await upload(h, u, { accountId: target.id, content: exported.text, filename: "export.ofx" });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual([first.json.inserted, first.json.duplicates], [5, 0]);

    const key = (r: { date: string; amount: string }) => `${r.date} ${r.amount}`;
    const before = (await storedRows(h, source.id)).map(key).sort();
    const after = await storedRows(h, target.id);
    assert.deepEqual(after.map(key).sort(), before);
    assert.ok(after.some((r) => r.description === 'Café <au> lait & "more"'));

    const again = await upload(h, u, { accountId: target.id, content: exported.text, filename: "export.ofx" });
    assert.deepEqual([again.json.inserted, again.json.duplicates], [0, 5]);
  });
});
