import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { CategorizeItem } from "@fincoach/contracts";
import { merchantMemories, rules, transactions, users } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq } from "drizzle-orm";
import { createTransaction } from "../transactions/create-transaction.ts";
import { categorizeBatch } from "./categorize-batch.ts";
import { categorizeTransactions } from "./categorize-transactions.ts";
import { keywordModel, newPerson } from "./pipeline-fixtures.ts";

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

const item = (description: string, over: Partial<CategorizeItem> = {}): CategorizeItem => ({
  description,
  amount: "-12.50",
  currency: "GBP",
  date: "2017-01-03",
  ...over,
});

describe("categorizeBatch: the pipeline", () => {
  test("a rule beats a remembered correction, which beats the model", async () => {
    const p = await newPerson(database, "order");
    const [fuel, groceries, books] = await Promise.all([
      p.category("Fuel"),
      p.category("Groceries"),
      p.category("Books"),
    ]);
    await database.db.insert(rules).values({
      userId: p.userId,
      name: "shell is fuel",
      position: 0,
      conditions: { descriptionContains: "shell" },
      categoryId: fuel,
      tags: ["car"],
    });
    await database.db.insert(merchantMemories).values([
      { userId: p.userId, merchantKey: "shell kings", categoryId: books },
      { userId: p.userId, merchantKey: "tesco", categoryId: groceries },
    ]);
    const model = keywordModel();
    const results = await categorizeBatch({
      ctx: p.ctx,
      items: [item("shell kings 587", { id: "a" }), item("TESCO STORES 2335", { id: "b" }), item("shell fiveways 387")],
      scoreModel: model.scoreModel,
    });
    assert.deepEqual(
      results.map((r) => [r.id, r.source, r.category, r.label]),
      [
        ["a", "rule", fuel, "Fuel"],
        ["b", "memory", groceries, "Groceries"],
        [undefined, "rule", fuel, "Fuel"],
      ],
    );
    assert.deepEqual(results[0]!.tags, ["car"]);
    assert.equal(results[0]!.confidence, 1);
    assert.deepEqual(model.calls, [], "rows a rule or memory decided never reach the model");

    const modelOnly = await categorizeBatch({ ctx: p.ctx, items: [item("SHELL X")], sources: ["model"], ...model });
    assert.equal(modelOnly[0]!.source, "model", "sources narrows the stages");
    assert.equal(model.calls.length, 1);
  });

  test("one model call per batch, with the normalized merchant; results in input order", async () => {
    const p = await newPerson(database, "batch");
    const model = keywordModel();
    const descriptions = ["shell kings 587", "tesco stores 2335", "greggs 123", "b&q 1302"];
    const results = await categorizeBatch({ ctx: p.ctx, items: descriptions.map((d) => item(d)), ...model });
    assert.equal(model.calls.length, 1);
    assert.deepEqual(model.calls[0]!.merchants, ["shell kings", "tesco", "greggs", "bq"]);
    assert.deepEqual(
      results.map((r) => r.label ?? r.suggestion?.label),
      ["Vehicle Fuel", "Purchases Food", "Hospitality", "Equip Operational"],
    );
  });

  test("labels map to the person's categories; below the threshold a suggestion, not a guess", async () => {
    const p = await newPerson(database, "threshold");
    await database.db.update(users).set({ categoryConfidenceThreshold: 0.7 }).where(eq(users.id, p.userId));
    const [fuel, groceries, restaurants, books] = await Promise.all(
      ["Fuel", "Groceries", "Restaurants", "Books"].map(p.category),
    );
    const model = keywordModel();
    const [shell, tesco, greggs, unmapped] = await categorizeBatch({
      ctx: p.ctx,
      items: [item("shell kings"), item("tesco"), item("greggs"), item("staples")],
      ...model,
    });
    // 0.95 >= 0.7: applied, "Vehicle Fuel" -> Fuel.
    assert.equal(shell!.category, fuel);
    assert.equal(shell!.source, "model");
    assert.equal(shell!.model, "default");
    assert.equal(shell!.modelVersion, "v1");
    assert.equal(shell!.suggestion, null);
    assert.deepEqual(shell!.alternatives, [{ label: "Books", categoryId: books, confidence: 0.025000000000000022 }]);
    assert.deepEqual(shell!.explanation, [{ feature: "word:shell", weight: 1.5 }]);
    // 0.45 < 0.7: "Purchases Food" -> Groceries, suggested only.
    assert.equal(tesco!.category, null);
    assert.equal(tesco!.source, "model");
    assert.deepEqual(tesco!.suggestion, { categoryId: groceries, label: "Purchases Food", confidence: 0.45 });
    assert.deepEqual(greggs!.suggestion, { categoryId: restaurants, label: "Hospitality", confidence: 0.3 });
    // 0.99 but "Equip Operational" maps to nothing of theirs: never applied.
    assert.equal(unmapped!.category, null);
    assert.deepEqual(unmapped!.suggestion, { categoryId: null, label: "Equip Operational", confidence: 0.99 });
  });

  test("a person's own model's labels are their category ids; someone else's id resolves to nothing", async () => {
    const p = await newPerson(database, "own");
    const other = await newPerson(database, "own-other");
    const [books, theirs] = await Promise.all([p.category("Books"), other.category("Books")]);
    const results = await categorizeBatch({
      ctx: p.ctx,
      items: [item("a"), item("b")],
      scoreModel: async (_user, items) =>
        items.map((_, i) => ({
          model: "personal",
          version: "p1",
          scope: "person" as const,
          labels: [{ label: i === 0 ? books : theirs, confidence: 0.9 }],
          explanation: [],
        })),
    });
    assert.equal(results[0]!.category, books);
    assert.equal(results[1]!.category, null);
    assert.equal(results[1]!.suggestion?.categoryId, null);
  });

  test("a failing model leaves rows undecided, warns once, and the write still succeeds", async () => {
    const p = await newPerson(database, "failing");
    const warnings: string[] = [];
    const failing = async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:1");
    };
    const results = await categorizeBatch({
      ctx: p.ctx,
      items: [item("shell"), item("tesco")],
      scoreModel: failing,
      warn: (message) => warnings.push(message),
    });
    assert.deepEqual(
      results.map((r) => [r.source, r.category]),
      [
        [null, null],
        [null, null],
      ],
    );
    assert.equal(warnings.length, 1);
    const created = await createTransaction({
      ctx: p.ctx,
      input: { accountId: p.accountId, date: "2017-01-03", amount: "-1.00", description: "shell kings" },
      scoreModel: failing,
      warn: () => {},
    });
    assert.equal(created.categoryId, null);
    assert.equal(created.category.source, null);
    const short = await categorizeBatch({
      ctx: p.ctx,
      items: [item("shell"), item("tesco")],
      scoreModel: async () => [],
      warn: (message) => warnings.push(message),
    });
    assert.equal(short[0]!.source, null, "a model that answers too few rows counts as failed");
    assert.equal(warnings.length, 2);
  });

  test("one person's rules and memories never decide another's rows", async () => {
    const a = await newPerson(database, "scope-a");
    const b = await newPerson(database, "scope-b");
    await database.db.insert(rules).values({
      userId: a.userId,
      name: "r",
      position: 0,
      conditions: { descriptionContains: "shell" },
      categoryId: await a.category("Fuel"),
    });
    await database.db
      .insert(merchantMemories)
      .values({ userId: a.userId, merchantKey: "tesco", categoryId: await a.category("Groceries") });
    const results = await categorizeBatch({ ctx: b.ctx, items: [item("shell"), item("tesco")] });
    assert.deepEqual(
      results.map((r) => r.source),
      [null, null],
    );
  });

  test("bad input is a VALIDATION error naming the row", async () => {
    const p = await newPerson(database, "bad");
    await assert.rejects(categorizeBatch({ ctx: p.ctx, items: [item("x", { amount: "1.234" })] }), {
      code: "VALIDATION",
      message: /0\.amount/,
    });
    await assert.rejects(categorizeBatch({ ctx: p.ctx, items: [item("")] }), { code: "VALIDATION" });
  });
});

describe("createTransaction and categorizeTransactions write the decision", () => {
  test("without a categoryId the pipeline decides; a rule's tags are added; an explicit category is manual", async () => {
    const p = await newPerson(database, "create");
    const fuel = await p.category("Fuel");
    await database.db.insert(rules).values({
      userId: p.userId,
      name: "tag shell",
      position: 0,
      conditions: { descriptionContains: "shell" },
      tags: ["car"],
    });
    const model = keywordModel();
    const base = { accountId: p.accountId, date: "2017-01-03", amount: "-40.00" };
    const byModel = await createTransaction({
      ctx: p.ctx,
      input: { ...base, description: "shell kings 587", tags: ["mine"] },
      ...model,
    });
    assert.equal(byModel.categoryId, fuel, "a tags-only rule leaves the category to the model");
    assert.deepEqual(byModel.tags, ["mine", "car"]);
    assert.equal(byModel.category.source, "model");
    assert.equal(byModel.category.model, "default");
    assert.ok(byModel.category.categorizedAt);
    const suggested = await createTransaction({ ctx: p.ctx, input: { ...base, description: "tesco" }, ...model });
    assert.equal(suggested.categoryId, null);
    assert.deepEqual(suggested.category.suggestion, {
      categoryId: await p.category("Groceries"),
      name: "Groceries",
      confidence: 0.45,
    });
    const manual = await createTransaction({
      ctx: p.ctx,
      input: { ...base, description: "shell", categoryId: await p.category("Books") },
      ...model,
    });
    assert.equal(manual.category.source, "manual");
    assert.equal(model.calls.length, 2, "an explicit category never asks the model");
  });

  test("categorizeTransactions decides stored rows nothing decided yet, and only the person's", async () => {
    const p = await newPerson(database, "stored");
    const other = await newPerson(database, "stored-other");
    const rows = await database.db
      .insert(transactions)
      .values([
        ...["shell kings", "tesco", "staples"].map((description) => ({
          userId: p.userId,
          accountId: p.accountId,
          date: "2017-02-01",
          amountMinor: -100n,
          currency: "GBP",
          description,
        })),
        {
          userId: other.userId,
          accountId: other.accountId,
          date: "2017-02-01",
          amountMinor: -1n,
          currency: "GBP",
          description: "shell",
        },
      ])
      .returning();
    const model = keywordModel();
    const result = await categorizeTransactions({ ctx: p.ctx, input: { ids: rows.map((r) => r.id) }, ...model });
    assert.deepEqual(result, { considered: 3, categorized: 1 });
    const again = await categorizeTransactions({ ctx: p.ctx, input: { ids: rows.map((r) => r.id) }, ...model });
    assert.deepEqual(again, { considered: 0, categorized: 0 }, "decided rows are not decided twice");
    const stored = await database.db.select().from(transactions).where(eq(transactions.id, rows[1]!.id));
    assert.equal(stored[0]!.categorySource, "model");
    assert.equal(stored[0]!.suggestedCategoryId, await p.category("Groceries"));
    const theirs = await database.db.select().from(transactions).where(eq(transactions.id, rows[3]!.id));
    assert.equal(theirs[0]!.categorySource, null);
  });
});
