import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { ruleFixtures } from "./rule-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof ruleFixtures>;
before(async () => {
  h = await startHarness();
  f = ruleFixtures(h);
});
after(() => h.close());

const paths = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path).sort();

describe("rules: validation", () => {
  test("missing and malformed fields answer 400 naming each, and create nothing", async () => {
    const u = await f.seededUser();
    const missing = await h.call("POST", "/v1/rules", { token: u.token, body: {} });
    assert.equal(missing.status, 400);
    assert.equal(missing.headers.get("content-type"), "application/problem+json");
    assert.deepEqual(paths(missing), ["conditions", "name"]);
    const bad = await h.call("POST", "/v1/rules", {
      token: u.token,
      body: {
        name: " ",
        position: -1,
        enabled: "yes",
        conditions: {
          descriptionContains: "",
          amountMin: "-5",
          amountMax: "1e3",
          accountId: "x",
          direction: "sideways",
          descriptionMatches: ".*",
        },
        categoryId: "nope",
        tags: [""],
      },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad), [
      "categoryId",
      "conditions",
      "conditions.accountId",
      "conditions.amountMax",
      "conditions.amountMin",
      "conditions.descriptionContains",
      "conditions.direction",
      "enabled",
      "name",
      "position",
      "tags.0",
    ]);
    assert.equal((await h.call("GET", "/v1/rules", { token: u.token })).json.items.length, 0);
  });

  test("a rule needs a condition and an action", async () => {
    const u = await f.seededUser();
    const noCondition = await h.call("POST", "/v1/rules", {
      token: u.token,
      body: { name: "r", conditions: {}, tags: ["x"] },
    });
    assert.deepEqual([noCondition.status, paths(noCondition)], [400, ["conditions"]]);
    assert.match(noCondition.json.errors[0].message, /at least one of descriptionContains/);
    const noAction = await h.call("POST", "/v1/rules", {
      token: u.token,
      body: { name: "r", conditions: { direction: "in" }, tags: [] },
    });
    assert.deepEqual([noAction.status, paths(noAction)], [400, ["categoryId", "tags"]]);
    const draftWithout = await h.call("POST", "/v1/rules/dry-run", { token: u.token, body: { conditions: {} } });
    assert.deepEqual(paths(draftWithout), ["categoryId", "conditions", "tags"]);
    assert.equal((await h.call("GET", "/v1/rules", { token: u.token })).json.items.length, 0);
  });

  test("amountMin above amountMax is refused, compared exactly", async () => {
    const u = await f.seededUser();
    const body = (amountMin: string, amountMax: string) => ({
      name: "r",
      conditions: { amountMin, amountMax },
      tags: ["t"],
    });
    const res = await h.call("POST", "/v1/rules", { token: u.token, body: body("10.01", "10.0") });
    assert.deepEqual([res.status, paths(res)], [400, ["conditions.amountMax"]]);
    const equal = await h.call("POST", "/v1/rules", { token: u.token, body: body("10.10", "10.1") });
    assert.equal(equal.status, 201);
  });

  test("with an account, amounts must fit its currency's decimals", async () => {
    const u = await f.seededUser();
    const jpy = await f.account(u.id, "JPY");
    const eur = await f.account(u.id, "EUR");
    for (const [accountId, amountMin] of [
      [jpy, "1.5"],
      [eur, "1.005"],
    ] as const) {
      const res = await h.call("POST", "/v1/rules", {
        token: u.token,
        body: { name: "r", conditions: { accountId, amountMin }, tags: ["t"] },
      });
      assert.deepEqual([res.status, paths(res)], [400, ["conditions.amountMin"]], amountMin);
    }
    const ok = await h.call("POST", "/v1/rules", {
      token: u.token,
      body: { name: "r", conditions: { accountId: jpy, amountMin: "1500", amountMax: "1500.00" }, tags: ["t"] },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
  });

  test("unknown category or account answers 404 naming the field, and creates nothing", async () => {
    const u = await f.seededUser();
    const category = await h.call("POST", "/v1/rules", {
      token: u.token,
      body: { name: "r", conditions: { direction: "out" }, categoryId: randomUUID() },
    });
    assert.deepEqual([category.status, paths(category)], [404, ["categoryId"]]);
    const account = await h.call("POST", "/v1/rules", {
      token: u.token,
      body: { name: "r", conditions: { accountId: randomUUID() }, tags: ["t"] },
    });
    assert.deepEqual([account.status, paths(account)], [404, ["conditions.accountId"]]);
    assert.equal((await h.call("GET", "/v1/rules", { token: u.token })).json.items.length, 0);
  });

  test("a patch that leaves no action, or has bad fields, changes nothing", async () => {
    const u = await f.seededUser();
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const rule = await f.newRule(u, { conditions: { direction: "out" }, categoryId: groceries });
    const before = (await h.call("GET", `/v1/rules/${rule.id}`, { token: u.token })).json;
    const noAction = await h.call("PATCH", `/v1/rules/${rule.id}`, { token: u.token, body: { categoryId: null } });
    assert.deepEqual([noAction.status, paths(noAction)], [400, ["categoryId", "tags"]]);
    const bad = await h.call("PATCH", `/v1/rules/${rule.id}`, {
      token: u.token,
      body: { conditions: {}, position: 1.5, colour: "red" },
    });
    assert.equal(bad.status, 400);
    // An unknown key is reported on the body itself ("json").
    assert.deepEqual(paths(bad), ["conditions", "json", "position"]);
    const unknownCategory = await h.call("PATCH", `/v1/rules/${rule.id}`, {
      token: u.token,
      body: { categoryId: randomUUID(), position: 0, name: "changed" },
    });
    assert.deepEqual([unknownCategory.status, paths(unknownCategory)], [404, ["categoryId"]]);
    assert.deepEqual((await h.call("GET", `/v1/rules/${rule.id}`, { token: u.token })).json, before);
  });

  test("bad ids and dry-run limits", async () => {
    const u = await f.seededUser();
    assert.equal((await h.call("GET", "/v1/rules/nope", { token: u.token })).status, 400);
    assert.equal((await h.call("POST", `/v1/rules/${randomUUID()}/apply`, { token: u.token })).status, 404);
    assert.equal((await h.call("POST", `/v1/rules/${randomUUID()}/dry-run`, { token: u.token })).status, 404);
    const rule = await f.newRule(u, { conditions: { direction: "out" }, tags: ["t"] });
    for (const limit of ["0", "201", "x"]) {
      const res = await h.call("POST", `/v1/rules/${rule.id}/dry-run?limit=${limit}`, { token: u.token });
      assert.deepEqual([res.status, paths(res)], [400, ["query.limit"]], limit);
    }
  });
});
