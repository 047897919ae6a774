import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe("accounts: happy path", () => {
  test("create, list, get, patch, delete", async () => {
    const u = await h.newUser();
    const created = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "Checking", type: "checking", currency: "eur", openingBalance: "100.5" },
    });
    assert.equal(created.status, 201);
    assert.equal(created.json.currency, "EUR");
    assert.equal(created.json.openingBalance, "100.50");
    assert.equal(created.json.balance, "100.50");
    const id = created.json.id;

    const list = await h.call("GET", "/v1/accounts", { token: u.token });
    assert.deepEqual(
      list.json.items.map((a: { id: string }) => a.id),
      [id],
    );

    const patched = await h.call("PATCH", `/v1/accounts/${id}`, { token: u.token, body: { name: "Main" } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.name, "Main");
    assert.equal(patched.json.openingBalance, "100.50");

    assert.equal((await h.call("DELETE", `/v1/accounts/${id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/accounts/${id}`, { token: u.token })).status, 404);
  });

  test("currency exponents: JPY has no decimals, BHD three", async () => {
    const u = await h.newUser();
    const jpy = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "Yen", type: "cash", currency: "JPY", openingBalance: "1500" },
    });
    assert.equal(jpy.json.openingBalance, "1500");
    const bhd = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "Dinar", type: "cash", currency: "BHD", openingBalance: "1.5" },
    });
    assert.equal(bhd.json.openingBalance, "1.500");
  });
});

describe("accounts: validation", () => {
  test("bad fields answer 400 problem+json naming each field, and change nothing", async () => {
    const u = await h.newUser();
    const res = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "", type: "piggy", currency: "XXY" },
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.deepEqual(res.json.errors.map((e: { path: string }) => e.path).sort(), ["currency", "name", "type"]);
    assert.equal((await h.call("GET", "/v1/accounts", { token: u.token })).json.items.length, 0);
  });

  test("too many decimals for the currency is rejected, not rounded", async () => {
    const u = await h.newUser();
    const res = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "Y", type: "cash", currency: "JPY", openingBalance: "1.5" },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.errors[0].path, "openingBalance");
  });

  test("malformed JSON and unknown ids", async () => {
    const u = await h.newUser();
    const res = await h.app.request("/v1/accounts", {
      method: "POST",
      headers: { authorization: `Bearer ${u.token}`, "content-type": "application/json" },
      body: "{nope",
    });
    assert.equal(res.status, 400);
    assert.equal((await h.call("GET", "/v1/accounts/not-a-uuid", { token: u.token })).status, 400);
  });
});

describe("accounts: security", () => {
  test("no token answers 401", async () => {
    const res = await h.call("GET", "/v1/accounts");
    assert.equal(res.status, 401);
    assert.equal(res.json.code, "UNAUTHORIZED");
  });

  test("another person's account is 404 for read, patch and delete, and stays intact", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const a = await h.call("POST", "/v1/accounts", {
      token: alice.token,
      body: { name: "A", type: "savings", currency: "USD" },
    });
    for (const [method, body] of [["GET"], ["PATCH", { name: "pwned" }], ["DELETE"]] as const) {
      const res = await h.call(method, `/v1/accounts/${a.json.id}`, { token: bob.token, body });
      assert.equal(res.status, 404, method);
    }
    assert.equal((await h.call("GET", "/v1/accounts", { token: bob.token })).json.items.length, 0);
    assert.equal((await h.call("GET", `/v1/accounts/${a.json.id}`, { token: alice.token })).json.name, "A");
  });
});
