import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { fixtures } from "../categories/category-fixtures.ts";
import { newAccount, upload } from "../imports/import-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof fixtures>;
before(async () => {
  h = await startHarness();
  f = fixtures(h);
});
after(() => h.close());

type User = Awaited<ReturnType<Harness["newUser"]>>;
const create = async (user: User, accountId: string, date: string, amount: string, description: string) => {
  const res = await h.call("POST", "/v1/transactions", {
    token: user.token,
    body: { accountId, date, amount, description, categoryId: null },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json;
};

describe("/v1/recurring", () => {
  test("creating transactions finds, updates and prices a stream; confirm, rename and end through the API", async () => {
    const alice = await h.newUser();
    const acc = await f.account(alice.id);
    await create(alice, acc, "2024-01-03", "-15.99", "NETFLIX.COM 866-579-7172");
    await create(alice, acc, "2024-02-03", "-15.99", "NETFLIX.COM 866-579-7172");
    assert.deepEqual((await h.call("GET", "/v1/recurring", { token: alice.token })).json.items, []);
    await create(alice, acc, "2024-03-04", "-15.99", "NETFLIX.COM 866-579-7172");
    const first = (await h.call("GET", "/v1/recurring", { token: alice.token })).json.items;
    assert.equal(first.length, 1);
    assert.deepEqual(
      [first[0].merchant, first[0].cadence, first[0].occurrences, first[0].averageAmount, first[0].predictedNextDate],
      ["netflix", "monthly", 3, "-15.99", "2024-04-03"],
    );
    await create(alice, acc, "2024-04-03", "-17.99", "NETFLIX.COM 866-579-7172");
    await create(alice, acc, "2024-05-03", "-17.99", "NETFLIX.COM 866-579-7172");
    const id = first[0].id;
    const detail = await h.call("GET", `/v1/recurring/${id}`, { token: alice.token });
    assert.equal(detail.status, 200);
    assert.deepEqual(
      [detail.json.occurrences, detail.json.lastAmount, detail.json.averageAmount, detail.json.priceChange],
      [
        5,
        "-17.99",
        "-16.79",
        { previousAmount: "-15.99", amount: "-17.99", since: "2024-04-03", confirmedOn: "2024-05-03" },
      ],
    );
    assert.deepEqual(
      detail.json.transactions.map((t: { amount: string }) => t.amount),
      ["-15.99", "-15.99", "-15.99", "-17.99", "-17.99"],
    );
    const renamed = await h.call("PATCH", `/v1/recurring/${id}`, { token: alice.token, body: { name: "Netflix" } });
    assert.deepEqual([renamed.status, renamed.json.name], [200, "Netflix"]);
    const confirmed = await h.call("POST", `/v1/recurring/${id}/confirm`, { token: alice.token });
    assert.deepEqual([confirmed.status, confirmed.json.confirmed], [200, true]);
    const ended = await h.call("POST", `/v1/recurring/${id}/end`, { token: alice.token });
    assert.deepEqual([ended.status, ended.json.status], [200, "ended"]);
    const again = await h.call("POST", `/v1/recurring/${id}/confirm`, { token: alice.token });
    assert.equal(again.status, 409);
    assert.match(again.headers.get("content-type") ?? "", /application\/problem\+json/);
    // Ended by the person: more charges never re-create it.
    await create(alice, acc, "2024-06-03", "-17.99", "NETFLIX.COM 866-579-7172");
    await create(alice, acc, "2024-07-03", "-17.99", "NETFLIX.COM 866-579-7172");
    const after = (await h.call("GET", "/v1/recurring", { token: alice.token })).json.items;
    assert.deepEqual(
      after.map((s: { id: string; status: string; occurrences: number }) => [s.id, s.status, s.occurrences]),
      [[id, "ended", 5]],
    );
    const filtered = await h.call("GET", "/v1/recurring?status=ended", { token: alice.token });
    assert.equal(filtered.json.items.length, 1);
    assert.equal((await h.call("GET", "/v1/recurring?status=mature", { token: alice.token })).json.items.length, 0);
    assert.equal((await h.call("GET", `/v1/recurring?accountId=${acc}`, { token: alice.token })).json.items.length, 1);
  });

  test("a synchronous import refreshes the account's streams once it is committed", async () => {
    const alice = await h.newUser();
    const acc = await newAccount(h, alice, "EUR");
    const csv =
      "date,amount,description\n" +
      "2024-01-15,-45.00,GYM QUARTERLY 0042\n" +
      "2024-02-02,-3.10,CAFFE NERO 653\n" +
      "2024-04-15,-45.00,GYM QUARTERLY 0042\n" +
      "2024-07-16,-45.00,GYM QUARTERLY 0042\n";
    const res = await upload(h, alice, { accountId: acc.id, content: csv, filename: "statement.csv" });
    assert.equal(res.status, 201, res.text);
    const items = (await h.call("GET", "/v1/recurring", { token: alice.token })).json.items;
    assert.deepEqual(
      items.map((s: { merchant: string; cadence: string; occurrences: number; predictedNextDate: string }) => [
        s.merchant,
        s.cadence,
        s.occurrences,
        s.predictedNextDate,
      ]),
      [["gym quarterly", "quarterly", 3, "2024-10-15"]],
    );
  });

  test("bad input answers problem+json naming the field", async () => {
    const alice = await h.newUser();
    const status = await h.call("GET", "/v1/recurring?status=sometimes", { token: alice.token });
    assert.equal(status.status, 400);
    assert.equal(status.json.errors[0].path, "query.status");
    const name = await h.call("PATCH", `/v1/recurring/${crypto.randomUUID()}`, {
      token: alice.token,
      body: { name: "" },
    });
    assert.deepEqual([name.status, name.json.errors[0].path], [400, "name"]);
    const missing = await h.call("GET", `/v1/recurring/${crypto.randomUUID()}`, { token: alice.token });
    assert.equal(missing.status, 404);
  });

  test("isolation: another person's stream is 404 everywhere and stays intact; no token is 401", async () => {
    const alice = await h.newUser();
    const bob: User = await h.newUser();
    const acc = await f.account(alice.id);
    for (const d of ["2024-01-20", "2024-02-20", "2024-03-20"]) await create(alice, acc, d, "-7.00", "Disney Plus");
    const [stream] = (await h.call("GET", "/v1/recurring", { token: alice.token })).json.items;
    for (const [method, path, body] of [
      ["GET", `/v1/recurring/${stream.id}`],
      ["PATCH", `/v1/recurring/${stream.id}`, { name: "mine" }],
      ["POST", `/v1/recurring/${stream.id}/confirm`],
      ["POST", `/v1/recurring/${stream.id}/end`],
    ] as const) {
      assert.equal((await h.call(method, path, { token: bob.token, body })).status, 404, `${method} ${path}`);
      assert.equal((await h.call(method, path, { body })).status, 401, `${method} ${path} without a token`);
    }
    assert.deepEqual((await h.call("GET", "/v1/recurring", { token: bob.token })).json.items, []);
    assert.deepEqual((await h.call("GET", `/v1/recurring?accountId=${acc}`, { token: bob.token })).json.items, []);
    const intact = (await h.call("GET", `/v1/recurring/${stream.id}`, { token: alice.token })).json;
    assert.deepEqual([intact.name, intact.confirmed, intact.endedAt], ["disney plus", false, null]);
  });

  test("the OpenAPI document lists every recurring endpoint with an example", async () => {
    const doc = (await h.call("GET", "/openapi.json")).json;
    for (const [path, method] of [
      ["/v1/recurring", "get"],
      ["/v1/recurring/{id}", "get"],
      ["/v1/recurring/{id}", "patch"],
      ["/v1/recurring/{id}/confirm", "post"],
      ["/v1/recurring/{id}/end", "post"],
    ] as const) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method} ${path}`);
      assert.ok(op.responses["200"].content["application/json"].example, `${method} ${path} example`);
    }
  });
});
