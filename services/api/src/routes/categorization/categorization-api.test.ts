import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { categoryFeedback, merchantMemories, users } from "@fincoach/db";
import { type ModelScore, type ScoreModel, seedDefaultCategories } from "@fincoach/domain";
import { and, eq } from "drizzle-orm";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, upload } from "../imports/import-fixtures.ts";

/**
 * The API's pipeline with a real in-process model stage: a deterministic function of the
 * description, in the shared default model's label space (Birmingham classes).
 */
const modelCalls: number[] = [];
const keywordModel: ScoreModel = async (_userId, items) => {
  modelCalls.push(items.length);
  return items.map((i): ModelScore => {
    const fuel = i.description.toLowerCase().includes("shell");
    return {
      model: "categorizer",
      version: "v7",
      scope: "shared",
      labels: fuel
        ? [
            { label: "Vehicle Fuel", confidence: 0.9 },
            { label: "Books", confidence: 0.05 },
          ]
        : [{ label: "Purchases Food", confidence: 0.3 }],
      explanation: [],
    };
  });
};

let h: Harness;
before(async () => {
  h = await startHarness({}, { scoreModel: keywordModel });
});
after(() => h.close());

const person = async () => {
  const u = await h.newUser();
  await seedDefaultCategories(h.database.db, u.id);
  const account = await newAccount(h, u, "GBP");
  const cats = (await h.call("GET", "/v1/categories", { token: u.token })).json.items as { id: string; name: string }[];
  const cat = (name: string) => cats.find((c) => c.name === name)!.id;
  const create = async (description: string, extra: Record<string, unknown> = {}) => {
    const res = await h.call("POST", "/v1/transactions", {
      token: u.token,
      body: { accountId: account.id, date: "2017-05-01", amount: "-20.00", description, ...extra },
    });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  return { ...u, account, cat, create };
};

describe("categorization over the API", () => {
  test("create runs the pipeline; GET and the list return the decision; a suggestion below the threshold", async () => {
    const u = await person();
    const shell = await u.create("SHELL KINGS 587");
    assert.equal(shell.categoryId, u.cat("Fuel"));
    assert.equal(shell.category.source, "model");
    assert.equal(shell.category.model, "categorizer");
    assert.equal(shell.category.modelVersion, "v7");
    assert.equal(shell.category.confidence, 0.9);
    assert.deepEqual(shell.category.alternatives, [{ label: "Books", categoryId: u.cat("Books"), confidence: 0.05 }]);
    const tesco = await u.create("tesco");
    assert.equal(tesco.categoryId, null);
    assert.equal(tesco.category.suggestion.name, "Groceries");
    assert.equal(tesco.category.suggestion.categoryId, u.cat("Groceries"));
    const got = await h.call("GET", `/v1/transactions/${tesco.id}`, { token: u.token });
    assert.deepEqual(got.json.category, tesco.category);
    const list = await h.call("GET", "/v1/transactions", { token: u.token });
    assert.deepEqual(
      list.json.items.map((t: { category: { source: string } }) => t.category.source),
      ["model", "model"],
    );
    const manual = await u.create("shell", { categoryId: u.cat("Books") });
    assert.equal(manual.category.source, "manual");
  });

  test("the threshold setting: read, change, bad values are problem+json", async () => {
    const u = await person();
    assert.deepEqual((await h.call("GET", "/v1/me/categorization", { token: u.token })).json, {
      confidenceThreshold: 0.5,
    });
    const low = await h.call("PATCH", "/v1/me/categorization", { token: u.token, body: { confidenceThreshold: 0.25 } });
    assert.equal(low.status, 200);
    assert.deepEqual(low.json, { confidenceThreshold: 0.25 });
    assert.equal((await u.create("tesco")).categoryId, u.cat("Groceries"), "0.3 is now enough");
    for (const body of [{ confidenceThreshold: 1.5 }, { confidenceThreshold: "high" }, { other: 1 }]) {
      const bad = await h.call("PATCH", "/v1/me/categorization", { token: u.token, body });
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.headers.get("content-type"), "application/problem+json");
    }
    const [row] = await h.database.db.select().from(users).where(eq(users.id, u.id));
    assert.equal(row!.categoryConfidenceThreshold, 0.25);
    assert.equal((await h.call("GET", "/v1/me/categorization")).status, 401);
  });

  test("corrections: PATCH and bulk make it manual, remember it, record feedback; three offer a rule", async () => {
    const u = await person();
    const other = await person();
    const books = u.cat("Books");
    const rows = [];
    for (let i = 0; i < 3; i++) rows.push(await u.create(`shell kings ${100 + i}`));
    const patched = await h.call("PATCH", `/v1/transactions/${rows[0].id}`, {
      token: u.token,
      body: { categoryId: books },
    });
    assert.equal(patched.json.category.source, "manual");
    const bulk = await h.call("POST", "/v1/transactions/bulk-recategorize", {
      token: u.token,
      body: { ids: [rows[1].id, rows[2].id], categoryId: books },
    });
    assert.deepEqual(bulk.json, { updated: 2 });
    const [memory] = await h.database.db
      .select()
      .from(merchantMemories)
      .where(and(eq(merchantMemories.userId, u.id), eq(merchantMemories.merchantKey, "shell kings")));
    assert.equal(memory?.corrections, 3);
    const feedback = await h.database.db.select().from(categoryFeedback).where(eq(categoryFeedback.userId, u.id));
    assert.deepEqual(
      feedback.map((f) => [f.source, f.modelVersion, f.outcome]),
      Array(3).fill(["model", "v7", "corrected"]),
    );

    const suggestions = await h.call("GET", "/v1/rules/suggestions", { token: u.token });
    assert.equal(suggestions.status, 200);
    assert.equal(suggestions.json.items.length, 1);
    const [s] = suggestions.json.items;
    assert.equal(s.corrections, 3);
    assert.equal(s.categoryName, "Books");
    assert.deepEqual((await h.call("GET", "/v1/rules/suggestions", { token: other.token })).json.items, []);
    const created = await h.call("POST", "/v1/rules", { token: u.token, body: s.draft });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual((await h.call("GET", "/v1/rules/suggestions", { token: u.token })).json.items, []);

    // The rule and the memory are this person's alone.
    const mine = await u.create("shell kings 555");
    assert.equal(mine.category.source, "rule");
    const theirs = await other.create("shell kings 555");
    assert.equal(theirs.category.source, "model");
    assert.equal(theirs.categoryId, other.cat("Fuel"));
  });

  test("an import through the API categorizes its rows", async () => {
    const u = await person();
    modelCalls.length = 0;
    const lines = ["date,description,amount", "2017-01-03,shell kings 587,-72.61", "2017-01-04,tesco 1,-5.00"];
    const res = await upload(h, u, { accountId: u.account.id, content: lines.join("\n"), filename: "s.csv" });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.inserted, 2);
    assert.deepEqual(modelCalls, [2]);
    const list = await h.call("GET", "/v1/transactions", { token: u.token });
    const byDescription = Object.fromEntries(
      list.json.items.map((t: { description: string; categoryId: string | null }) => [t.description, t]),
    );
    assert.equal(byDescription["shell kings 587"].categoryId, u.cat("Fuel"));
    assert.equal(byDescription["tesco 1"].category.suggestion.name, "Groceries");
  });
});
