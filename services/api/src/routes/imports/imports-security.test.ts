import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { countRows, newAccount, upload } from "./import-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe("imports: isolation between people", () => {
  test("importing into another person's account answers 404 and stores nothing", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const bobs = await newAccount(h, bob, "USD");
    const res = await upload(h, alice, { accountId: bobs.id, path: "ofx-ofxparse/checking.ofx" });
    assert.equal(res.status, 404);
    assert.equal(await countRows(h, bobs.id), 0);
    assert.deepEqual((await h.call("GET", "/v1/imports", { token: alice.token })).json.items, []);
    assert.deepEqual((await h.call("GET", "/v1/imports", { token: bob.token })).json.items, []);
  });

  test("another person's import is 404 and never listed", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const bobs = await newAccount(h, bob, "USD");
    const imported = await upload(h, bob, { accountId: bobs.id, path: "ofx-ofxparse/checking.ofx" });
    assert.equal(imported.status, 201);
    assert.equal((await h.call("GET", `/v1/imports/${imported.json.importId}`, { token: alice.token })).status, 404);
    assert.deepEqual((await h.call("GET", "/v1/imports", { token: alice.token })).json.items, []);
    assert.equal((await h.call("GET", `/v1/imports/${imported.json.importId}`, { token: bob.token })).status, 200);
  });

  test("the same file imported by two people lands twice, once per person", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const a = await newAccount(h, alice, "USD");
    const b = await newAccount(h, bob, "USD");
    await upload(h, alice, { accountId: a.id, path: "ofx-ofxparse/checking.ofx" });
    const res = await upload(h, bob, { accountId: b.id, path: "ofx-ofxparse/checking.ofx" });
    assert.deepEqual([res.json.inserted, res.json.duplicates], [3, 0]);
  });

  test("needs a token", async () => {
    assert.equal((await h.call("POST", "/v1/imports", { body: new FormData() })).status, 401);
    assert.equal((await h.call("GET", "/v1/imports")).status, 401);
  });
});
