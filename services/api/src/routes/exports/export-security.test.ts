import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount } from "../imports/import-fixtures.ts";
import { insertTransactions, parseCsv } from "./export-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe("export: isolation between people", () => {
  test("another person's transactions never appear, in CSV or OFX", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const a = await newAccount(h, alice, "EUR");
    const b = await newAccount(h, bob, "EUR");
    await insertTransactions(h, alice.id, a.id, [
      { date: "2024-01-01", amountMinor: -100n, description: "alice-only" },
    ]);
    await insertTransactions(h, bob.id, b.id, [{ date: "2024-01-01", amountMinor: -200n, description: "bob-secret" }]);

    const csv = await h.call("GET", "/v1/transactions/export", { token: alice.token });
    assert.deepEqual(
      parseCsv(csv.text)
        .slice(1)
        .map((r) => r[3]),
      ["alice-only"],
    );
    const ofx = await h.call("GET", "/v1/transactions/export?format=ofx", { token: alice.token });
    assert.match(ofx.text, /alice-only/);
    assert.doesNotMatch(ofx.text, /bob-secret/);
    assert.doesNotMatch(ofx.text, new RegExp(b.id));
  });

  test("another person's accountId answers 404 and reveals nothing", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const b = await newAccount(h, bob, "EUR");
    await insertTransactions(h, bob.id, b.id, [{ date: "2024-01-01", amountMinor: -200n, description: "bob-secret" }]);
    for (const format of ["csv", "ofx"]) {
      const res = await h.call("GET", `/v1/transactions/export?format=${format}&accountId=${b.id}`, {
        token: alice.token,
      });
      assert.equal(res.status, 404);
      assert.doesNotMatch(res.text, /bob-secret/);
    }
  });
});
