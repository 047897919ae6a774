import assert from "node:assert/strict";
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

describe("rules: happy path", () => {
  test("create, read, list, patch and delete a rule", async () => {
    const u = await f.seededUser();
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const created = await h.call("POST", "/v1/rules", {
      token: u.token,
      body: {
        name: " Supermarket ",
        conditions: { descriptionContains: "rewe", direction: "out", amountMax: "200.00" },
        categoryId: groceries,
        tags: ["food", "food", "weekly"],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const { id, createdAt, updatedAt, ...rest } = created.json;
    assert.deepEqual(rest, {
      name: "Supermarket",
      position: 0,
      enabled: true,
      conditions: { descriptionContains: "rewe", direction: "out", amountMax: "200.00" },
      categoryId: groceries,
      tags: ["food", "weekly"],
    });
    assert.deepEqual((await h.call("GET", `/v1/rules/${id}`, { token: u.token })).json, created.json);
    assert.deepEqual((await h.call("GET", "/v1/rules", { token: u.token })).json.items, [created.json]);

    const patched = await h.call("PATCH", `/v1/rules/${id}`, {
      token: u.token,
      body: { name: "Shops", enabled: false, categoryId: null, conditions: { merchantContains: "rewe" } },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.json));
    assert.deepEqual(
      [patched.json.name, patched.json.enabled, patched.json.categoryId, patched.json.conditions, patched.json.tags],
      ["Shops", false, null, { merchantContains: "rewe" }, ["food", "weekly"]],
    );

    assert.equal((await h.call("DELETE", `/v1/rules/${id}`, { token: u.token })).status, 204);
    assert.equal((await h.call("GET", `/v1/rules/${id}`, { token: u.token })).status, 404);
    assert.equal((await h.call("DELETE", `/v1/rules/${id}`, { token: u.token })).status, 404);
  });

  test("positions stay dense: insert at a place, move up and down, delete closes the gap", async () => {
    const u = await f.seededUser();
    const body = { conditions: { direction: "out" }, tags: ["x"] };
    const a = await f.newRule(u, { ...body, name: "a" });
    await f.newRule(u, { ...body, name: "b" });
    const c = await f.newRule(u, { ...body, name: "c" });
    await f.newRule(u, { ...body, name: "first", position: 0 });
    await f.newRule(u, { ...body, name: "last", position: 99 });
    assert.deepEqual(await f.order(u), ["0:first", "1:a", "2:b", "3:c", "4:last"]);

    const moveC = await h.call("PATCH", `/v1/rules/${c.id}`, { token: u.token, body: { position: 0 } });
    assert.equal(moveC.json.position, 0);
    assert.deepEqual(await f.order(u), ["0:c", "1:first", "2:a", "3:b", "4:last"]);
    await h.call("PATCH", `/v1/rules/${c.id}`, { token: u.token, body: { position: 3 } });
    assert.deepEqual(await f.order(u), ["0:first", "1:a", "2:b", "3:c", "4:last"]);
    const toEnd = await h.call("PATCH", `/v1/rules/${a.id}`, { token: u.token, body: { position: 1000 } });
    assert.equal(toEnd.json.position, 4, "past the end means last");
    assert.deepEqual(await f.order(u), ["0:first", "1:b", "2:c", "3:last", "4:a"]);

    await h.call("DELETE", `/v1/rules/${c.id}`, { token: u.token });
    assert.deepEqual(await f.order(u), ["0:first", "1:b", "2:last", "3:a"]);
  });

  test("concurrent creates each get their own place", async () => {
    const u = await f.seededUser();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        f.newRule(u, { name: `r${i}`, conditions: { direction: "in" }, tags: ["t"] }),
      ),
    );
    const positions = (await f.order(u)).map((s) => Number(s.split(":")[0]));
    assert.deepEqual(positions, [0, 1, 2, 3, 4, 5]);
  });

  test("apply sets the category and adds tags where they differ, and reports matched and changed", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const rule = await f.newRule(u, {
      conditions: { descriptionContains: "REWE", direction: "out" },
      categoryId: groceries,
      tags: ["food"],
    });
    const plain = await f.tx({
      userId: u.id,
      accountId: acc,
      amountMinor: -1000n,
      description: "rewe markt",
      tags: ["mine"],
    });
    const done = await f.tx({
      userId: u.id,
      accountId: acc,
      amountMinor: -500n,
      description: "REWE city",
      categoryId: groceries,
      tags: ["food"],
    });
    const refund = await f.tx({ userId: u.id, accountId: acc, amountMinor: 500n, description: "REWE refund" });
    const other = await f.tx({ userId: u.id, accountId: acc, amountMinor: -500n, description: "Lidl" });
    const split = await f.splitTx({ userId: u.id, accountId: acc, date: "2024-05-05" }, [[groceries, -300n]]);
    // The split fixture's description is "test": give it one the rule matches.
    await h.database.db.execute(`update transactions set description = 'REWE split' where id = '${split}'`);

    const dry = await h.call("POST", `/v1/rules/${rule.id}/dry-run`, { token: u.token });
    assert.equal(dry.status, 200, JSON.stringify(dry.json));
    const applied = await h.call("POST", `/v1/rules/${rule.id}/apply`, { token: u.token });
    assert.equal(applied.status, 200, JSON.stringify(applied.json));
    assert.deepEqual(applied.json, { matched: 3, changed: 2 });
    assert.deepEqual([dry.json.matched, dry.json.changed], [3, 2], "dry run predicts apply");

    assert.deepEqual(await f.txRow(plain), { categoryId: groceries, tags: ["mine", "food"] });
    assert.deepEqual(await f.txRow(done), { categoryId: groceries, tags: ["food"] });
    assert.deepEqual(await f.txRow(refund), { categoryId: null, tags: [] });
    assert.deepEqual(await f.txRow(other), { categoryId: null, tags: [] });
    assert.deepEqual(await f.txRow(split), { categoryId: null, tags: ["food"] }, "a split keeps its parts");
    assert.deepEqual(await f.splitCategories(split), [groceries]);
    // The rule decided the recategorized row; the row already in the category keeps its source.
    const decisionOf = async (id: string) =>
      (await h.call("GET", `/v1/transactions/${id}`, { token: u.token })).json.category;
    assert.equal((await decisionOf(plain)).source, "rule");
    assert.equal((await decisionOf(plain)).confidence, 1);
    assert.equal((await decisionOf(done)).source, null);

    assert.deepEqual((await h.call("POST", `/v1/rules/${rule.id}/apply`, { token: u.token })).json, {
      matched: 3,
      changed: 0,
    });
  });

  test("a dry run lists what would change, newest first, and changes nothing", async () => {
    const u = await f.seededUser();
    const acc = await f.account(u.id);
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const older = await f.tx({
      userId: u.id,
      accountId: acc,
      amountMinor: -1234n,
      description: "REWE",
      date: "2024-01-01",
    });
    const newer = await f.tx({
      userId: u.id,
      accountId: acc,
      amountMinor: -99n,
      description: "x",
      merchant: "Rewe Markt",
      date: "2024-02-01",
      categoryId: groceries,
    });
    const body = { conditions: { descriptionContains: "rewe" }, categoryId: groceries, tags: ["food"] };
    const res = await h.call("POST", "/v1/rules/dry-run", { token: u.token, body });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(res.json, {
      matched: 1,
      changed: 1,
      items: [
        {
          id: older,
          date: "2024-01-01",
          accountId: acc,
          description: "REWE",
          merchant: null,
          amount: "-12.34",
          currency: "EUR",
          before: { categoryId: null, tags: [] },
          after: { categoryId: groceries, tags: ["food"] },
          changes: true,
        },
      ],
    });
    const byMerchant = await h.call("POST", "/v1/rules/dry-run?limit=1", {
      token: u.token,
      body: { conditions: { merchantContains: "rewe" }, categoryId: groceries },
    });
    assert.deepEqual([byMerchant.json.matched, byMerchant.json.changed, byMerchant.json.items[0].id], [1, 0, newer]);
    const both = await h.call("POST", "/v1/rules/dry-run?limit=1", {
      token: u.token,
      body: { conditions: { amountMin: "0.01" }, tags: ["t"] },
    });
    assert.deepEqual([both.json.matched, both.json.items.map((i: { id: string }) => i.id)], [2, [newer]]);
    assert.deepEqual(await f.txRow(older), { categoryId: null, tags: [] });
    assert.deepEqual((await h.call("GET", "/v1/rules", { token: u.token })).json.items, [], "a draft is not saved");
  });

  test("dry run and apply agree on which transactions match", async () => {
    const u = await f.seededUser();
    const eur = await f.account(u.id, "EUR");
    const jpy = await f.account(u.id, "JPY");
    const dining = await f.categoryId(u.id, "Restaurants", "Food");
    const descriptions = ["Café Rom", "CAFE ROMA", "cafe  roma", "Cafeteria", "cafe roma refund"];
    const ids: string[] = [];
    for (const [i, d] of descriptions.entries()) {
      for (const [acc, currency] of [
        [eur, "EUR"],
        [jpy, "JPY"],
      ] as const) {
        ids.push(
          await f.tx({ userId: u.id, accountId: acc, currency, description: d, amountMinor: BigInt(-(i + 1) * 700) }),
        );
      }
    }
    const rule = await f.newRule(u, {
      conditions: { descriptionContains: "cafe roma", amountMax: "1400.5" },
      categoryId: dining,
    });
    const dry = await h.call("POST", `/v1/rules/${rule.id}/dry-run?limit=200`, { token: u.token });
    const predicted = dry.json.items.map((i: { id: string }) => i.id).sort();
    const applied = await h.call("POST", `/v1/rules/${rule.id}/apply`, { token: u.token });
    const changed = [];
    for (const id of ids) if ((await f.txRow(id)).categoryId === dining) changed.push(id);
    assert.deepEqual(changed.sort(), predicted);
    assert.deepEqual(applied.json, { matched: dry.json.matched, changed: dry.json.changed });
    // "CAFE ROMA", "cafe  roma" and "cafe roma refund" (14.00, 21.00, 35.00 EUR: all up to
    // 1400.50) in EUR, but in JPY only "CAFE ROMA" (1400 yen; 2100 is over 1400.5).
    assert.equal(dry.json.matched, 4);
  });
});

describe("rules: exact amounts across currencies", () => {
  test("bounds compare exactly in each account's minor units (JPY and EUR)", async () => {
    const u = await f.seededUser();
    const jpy = await f.account(u.id, "JPY");
    const eur = await f.account(u.id, "EUR");
    const rows = {
      jpy999: await f.tx({ userId: u.id, accountId: jpy, currency: "JPY", amountMinor: -999n, description: "a" }),
      jpy1000: await f.tx({ userId: u.id, accountId: jpy, currency: "JPY", amountMinor: -1000n, description: "a" }),
      jpy1001: await f.tx({ userId: u.id, accountId: jpy, currency: "JPY", amountMinor: -1001n, description: "a" }),
      eur999: await f.tx({ userId: u.id, accountId: eur, amountMinor: -99999n, description: "a" }),
      eur1000: await f.tx({ userId: u.id, accountId: eur, amountMinor: -100000n, description: "a" }),
      eur1000_01: await f.tx({ userId: u.id, accountId: eur, amountMinor: -100001n, description: "a" }),
    };
    const matchedIds = async (conditions: Record<string, string>) => {
      const res = await h.call("POST", "/v1/rules/dry-run?limit=200", {
        token: u.token,
        body: { conditions, tags: ["t"] },
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const ids = new Set(res.json.items.map((i: { id: string }) => i.id));
      return Object.entries(rows)
        .filter(([, id]) => ids.has(id))
        .map(([name]) => name)
        .sort();
    };
    // 1000 yen and 1000.00 euro are both exactly 1000; 0.01 euro over is over.
    assert.deepEqual(await matchedIds({ amountMin: "1000", amountMax: "1000" }), ["eur1000", "jpy1000"]);
    assert.deepEqual(await matchedIds({ amountMin: "999.995", amountMax: "1000.005" }), ["eur1000", "jpy1000"]);
    assert.deepEqual(await matchedIds({ accountId: jpy, amountMin: "1000" }), ["jpy1000", "jpy1001"]);
    assert.deepEqual(await matchedIds({ accountId: eur, amountMax: "999.99" }), ["eur999"]);
    assert.deepEqual(await matchedIds({ amountMin: "1000.01", direction: "out" }), ["eur1000_01", "jpy1001"]);
  });
});
