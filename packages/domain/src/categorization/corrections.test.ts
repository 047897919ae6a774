import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { categoryFeedback, merchantMemories, rules, transactions } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { and, asc, eq, sql } from "drizzle-orm";
import { createRule } from "../rules/create-rule.ts";
import { listRuleSuggestions } from "../rules/list-rule-suggestions.ts";
import { bulkRecategorize } from "../transactions/bulk-recategorize.ts";
import { createTransaction } from "../transactions/create-transaction.ts";
import { updateTransaction } from "../transactions/update-transaction.ts";
import { categorizeBatch } from "./categorize-batch.ts";
import { keywordModel, newPerson } from "./pipeline-fixtures.ts";
import { settleAcceptedCategories } from "./settle-accepted-categories.ts";

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

type Person = Awaited<ReturnType<typeof newPerson>>;
const create = (p: Person, description: string, model = keywordModel()) =>
  createTransaction({
    ctx: p.ctx,
    input: { accountId: p.accountId, date: "2017-03-01", amount: "-9.99", description },
    ...model,
  });
const memoryOf = async (p: Person, key: string) =>
  (
    await database.db
      .select()
      .from(merchantMemories)
      .where(and(eq(merchantMemories.userId, p.userId), eq(merchantMemories.merchantKey, key)))
  )[0];
const feedbackOf = (p: Person) =>
  database.db
    .select()
    .from(categoryFeedback)
    .where(eq(categoryFeedback.userId, p.userId))
    .orderBy(asc(categoryFeedback.createdAt), asc(categoryFeedback.id));

describe("corrections", () => {
  test("changing a model's pick: manual, remembered for the merchant, corrected feedback against the version", async () => {
    const p = await newPerson(database, "correct");
    const [fuel, books] = await Promise.all([p.category("Fuel"), p.category("Books")]);
    const t = await create(p, "SHELL KINGS 587");
    assert.equal(t.categoryId, fuel);
    const changed = await updateTransaction({ ctx: p.ctx, input: { id: t.id, patch: { categoryId: books } } });
    assert.equal(changed.category.source, "manual");
    assert.equal(changed.category.model, null);
    assert.equal((await memoryOf(p, "shell kings"))?.categoryId, books);
    assert.equal((await memoryOf(p, "shell kings"))?.corrections, 1);
    const [fb] = await feedbackOf(p);
    assert.equal(fb?.source, "model");
    assert.equal(fb?.model, "default");
    assert.equal(fb?.modelVersion, "v1");
    assert.equal(fb?.outcome, "corrected");
    assert.equal(fb?.predictedCategoryId, fuel);
    assert.equal(fb?.finalCategoryId, books);
    assert.equal(fb?.merchantKey, "shell kings");
    assert.equal(fb?.transactionId, t.id);

    // The memory now decides this merchant before the model.
    const next = await create(p, "shell kings 999");
    assert.equal(next.categoryId, books);
    assert.equal(next.category.source, "memory");
    // A patch that leaves the category as it is is no correction.
    await updateTransaction({ ctx: p.ctx, input: { id: next.id, patch: { categoryId: books, notes: "n" } } });
    assert.equal((await feedbackOf(p)).length, 1);
    assert.equal((await memoryOf(p, "shell kings"))?.corrections, 1);
  });

  test("accepting a suggestion is accepted feedback; categorizing an undecided row records none", async () => {
    const p = await newPerson(database, "accept");
    const groceries = await p.category("Groceries");
    const t = await create(p, "tesco stores 2335");
    assert.equal(t.category.suggestion?.categoryId, groceries);
    await updateTransaction({ ctx: p.ctx, input: { id: t.id, patch: { categoryId: groceries } } });
    const [fb] = await feedbackOf(p);
    assert.equal(fb?.outcome, "accepted");
    assert.equal(fb?.source, "model");
    assert.equal(fb?.predictedCategoryId, groceries);

    const plain = await createTransaction({
      ctx: p.ctx,
      input: { accountId: p.accountId, date: "2017-03-01", amount: "-1.00", description: "corner shop" },
    });
    await updateTransaction({ ctx: p.ctx, input: { id: plain.id, patch: { categoryId: groceries } } });
    assert.equal((await feedbackOf(p)).length, 1, "nothing automatic had decided it");
    assert.equal((await memoryOf(p, "corner shop"))?.categoryId, groceries, "but the choice is remembered");
  });

  test("identical corrections count in a row; a different one restarts; bulk counts each row", async () => {
    const p = await newPerson(database, "count");
    const [books, fuel] = await Promise.all([p.category("Books"), p.category("Fuel")]);
    const rows = [];
    for (let i = 0; i < 5; i++) rows.push(await create(p, `waterstones ${1000 + i}`));
    await updateTransaction({ ctx: p.ctx, input: { id: rows[0]!.id, patch: { categoryId: fuel } } });
    await updateTransaction({ ctx: p.ctx, input: { id: rows[1]!.id, patch: { categoryId: books } } });
    assert.equal((await memoryOf(p, "waterstones"))?.corrections, 1, "a different category restarts the count");
    await bulkRecategorize({ ctx: p.ctx, input: { ids: rows.slice(2).map((r) => r.id), categoryId: books } });
    assert.equal((await memoryOf(p, "waterstones"))?.corrections, 4);
    const fb = await feedbackOf(p);
    assert.equal(fb.length, 5, "every row had been decided by the model (unmapped class: no category)");
    assert.ok(fb.every((f) => f.outcome === "corrected"));
    const stored = await database.db.select().from(transactions).where(eq(transactions.id, rows[4]!.id));
    assert.equal(stored[0]!.categorySource, "manual");
  });
});

describe("settleAcceptedCategories", () => {
  test("a model choice kept past the window is accepted once, however often it runs", async () => {
    const p = await newPerson(database, "settle");
    const kept = await create(p, "shell kings");
    const changed = await create(p, "shell fiveways");
    const suggested = await create(p, "tesco");
    await updateTransaction({
      ctx: p.ctx,
      input: { id: changed.id, patch: { categoryId: await p.category("Books") } },
    });
    const windowMs = 7 * 24 * 3600 * 1000;
    const now = new Date();
    const early = await settleAcceptedCategories({ db: database.db, now, window: windowMs });
    const mine = async () => (await feedbackOf(p)).filter((f) => f.outcome === "accepted");
    assert.equal((await mine()).length, 0, "inside the window nothing is settled");
    const later = new Date(now.getTime() + windowMs + 1000);
    const first = await settleAcceptedCategories({ db: database.db, now: later, window: windowMs });
    const second = await settleAcceptedCategories({ db: database.db, now: later, window: windowMs });
    const accepted = await mine();
    assert.deepEqual(
      accepted.map((f) => f.transactionId),
      [kept.id],
      "only the applied model choice the person kept; not the corrected one, not the suggestion",
    );
    assert.equal(accepted[0]!.model, "default");
    assert.equal(accepted[0]!.modelVersion, "v1");
    assert.ok(first.settled >= 1);
    assert.equal(second.settled, 0);
    assert.equal(early.settled, 0);
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => settleAcceptedCategories({ db: database.db, now: later, window: windowMs })),
    );
    assert.deepEqual(
      concurrent.map((c) => c.settled),
      [0, 0, 0],
    );
    assert.equal(suggested.categoryId, null);
  });
});

describe("rule suggestions", () => {
  test("offered after three identical corrections, as a draft POST /v1/rules accepts, until a rule covers it", async () => {
    const p = await newPerson(database, "suggest");
    const other = await newPerson(database, "suggest-other");
    const books = await p.category("Books");
    const rows = [];
    for (let i = 0; i < 3; i++) rows.push(await create(p, `WATERSTONES 00${i} BIRMINGHAM`));
    await updateTransaction({ ctx: p.ctx, input: { id: rows[0]!.id, patch: { categoryId: books } } });
    await updateTransaction({ ctx: p.ctx, input: { id: rows[1]!.id, patch: { categoryId: books } } });
    assert.deepEqual(await listRuleSuggestions({ ctx: p.ctx }), [], "two corrections are not enough");
    await updateTransaction({ ctx: p.ctx, input: { id: rows[2]!.id, patch: { categoryId: books } } });
    const [suggestion, ...rest] = await listRuleSuggestions({ ctx: p.ctx });
    assert.equal(rest.length, 0);
    assert.equal(suggestion?.merchantKey, "waterstones");
    assert.equal(suggestion?.corrections, 3);
    assert.equal(suggestion?.categoryName, "Books");
    assert.deepEqual(suggestion?.draft.conditions, { descriptionContains: "waterstones" });
    assert.deepEqual(await listRuleSuggestions({ ctx: other.ctx }), [], "another person's corrections suggest nothing");

    await createRule({ ctx: p.ctx, input: suggestion!.draft });
    assert.deepEqual(await listRuleSuggestions({ ctx: p.ctx }), [], "a rule now covers the merchant");
    const [fresh] = await categorizeBatch({
      ctx: p.ctx,
      items: [{ description: "waterstones 777", amount: "-5.00", currency: "GBP", date: "2017-04-01" }],
    });
    assert.equal(fresh?.source, "rule");
    assert.equal(fresh?.category, books);
    const [{ n }] = (await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${rules} where user_id = ${p.userId}`,
    )) as unknown as [{ n: number }];
    assert.equal(n, 1);
  });
});
