import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { countRows, newAccount, upload } from "./import-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness({ IMPORT_MAX_BYTES: 4096 });
});
after(() => h.close());

const paths = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path);

const assertProblem = (res: { status: number; headers: Headers; text: string }, status = 400) => {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
};

/** Nothing was written: no transactions and no import record for this person. */
const assertNothingStored = async (u: { token: string }, accountId: string) => {
  assert.equal(await countRows(h, accountId), 0);
  assert.deepEqual((await h.call("GET", "/v1/imports", { token: u.token })).json.items, []);
};

describe("imports: malformed statements", () => {
  const MALFORMED = [
    { path: "ofx-ofxparse/fail_nice/date_missing.ofx", currency: "USD" },
    { path: "ofx-ofxparse/fail_nice/decimal_error.ofx", currency: "CAD" },
    { path: "mt940-wolph/self-provided/invalid_statement.sta", currency: "EUR" },
    { path: "mt940-wolph/self-provided/invalid_statement.sta", currency: "EUR", format: "mt940" },
    { path: "qif-quiffen/invalid.txt", currency: "EUR", format: "qif" },
    { path: "camt-genkgo/camt053.v2.wrong.xml", currency: "EUR" },
  ];
  for (const m of MALFORMED) {
    test(`${m.path}${m.format ? ` as ${m.format}` : ""}: 400 with the parser's errors, nothing stored`, async () => {
      const u = await h.newUser();
      const acc = await newAccount(h, u, m.currency);
      const res = await upload(h, u, { accountId: acc.id, path: m.path, format: m.format });
      assertProblem(res);
      assert.ok(paths(res).length > 0, res.text);
      await assertNothingStored(u, acc.id);
    });
  }

  test("errors name the line and field", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "USD");
    const res = await upload(h, u, { accountId: acc.id, path: "ofx-ofxparse/fail_nice/date_missing.ofx" });
    assertProblem(res);
    assert.ok(
      paths(res).some((p) => /^line \d+ \/ .*DTPOSTED/.test(p)),
      JSON.stringify(res.json.errors),
    );
  });

  test("a bad row in an otherwise fine CSV rejects the whole file", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const csv = "date,amount,description\n2024-01-05,-1.00,ok\n2024-01-06,lots,bad\n2024-01-07,-3.00,ok\n";
    const res = await upload(h, u, { accountId: acc.id, content: csv, filename: "x.csv" });
    assertProblem(res);
    assert.ok(
      paths(res).some((p) => p.startsWith("line 3")),
      res.text,
    );
    await assertNothingStored(u, acc.id);
  });
});

describe("imports: request validation", () => {
  test("missing file or account names the field", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const noFile = await upload(h, u, { accountId: acc.id });
    assertProblem(noFile);
    assert.ok(paths(noFile).includes("file"), noFile.text);
    const noAccount = await upload(h, u, { content: "x", filename: "a.csv" });
    assertProblem(noAccount);
    assert.ok(paths(noAccount).includes("accountId"), noAccount.text);
  });

  test("unknown format, malformed mapping JSON and unknown mapping keys name their field", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const content = "date,amount,description\n2024-01-05,-1.00,ok\n";
    const badFormat = await upload(h, u, { accountId: acc.id, content, format: "xlsx" });
    assertProblem(badFormat);
    assert.ok(paths(badFormat).includes("format"));
    const badJson = await upload(h, u, { accountId: acc.id, content, mapping: "{not json" });
    assertProblem(badJson);
    assert.deepEqual(paths(badJson), ["mapping"]);
    const badKey = await upload(h, u, { accountId: acc.id, content, mapping: { dat: "Date" } });
    assertProblem(badKey);
    assert.ok(paths(badKey)[0]?.startsWith("mapping"), badKey.text);
    await assertNothingStored(u, acc.id);
  });

  test("a file over the size limit answers 400 naming `file`", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const row = "2024-01-05,-1.00,coffee\n";
    const big = `date,amount,description\n${row.repeat(Math.ceil(5000 / row.length))}`;
    const res = await upload(h, u, { accountId: acc.id, content: big, filename: "big.csv" });
    assertProblem(res);
    assert.deepEqual(paths(res), ["file"]);
    await assertNothingStored(u, acc.id);
    const huge = await upload(h, u, { accountId: acc.id, content: "x".repeat(200_000), filename: "huge.csv" });
    assertProblem(huge);
    assert.deepEqual(paths(huge), ["file"]);
  });

  test("a statement in another currency than the account is refused", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const res = await upload(h, u, { accountId: acc.id, path: "ofx-ofxparse/checking.ofx" });
    assertProblem(res);
    assert.deepEqual(paths(res), ["file"]);
    assert.match(res.json.detail, /USD/);
    await assertNothingStored(u, acc.id);
  });

  test("JSON instead of multipart is refused", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const res = await h.call("POST", "/v1/imports", { token: u.token, body: { accountId: acc.id } });
    assert.ok(res.status === 400 || res.status === 415, res.text);
  });

  test("an unknown import id answers 404; a malformed one 400", async () => {
    const u = await h.newUser();
    assertProblem(await h.call("GET", "/v1/imports/00000000-0000-4000-8000-000000000000", { token: u.token }), 404);
    assertProblem(await h.call("GET", "/v1/imports/nope", { token: u.token }), 400);
  });
});
