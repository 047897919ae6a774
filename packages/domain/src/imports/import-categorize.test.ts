import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createDatabase, merchantMemories, rules, transactions } from "@fincoach/db";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq, sql } from "drizzle-orm";
import { merchantKeyOf } from "../categorization/merchant-key.ts";
import type { ScoreModel } from "../categorization/model-scorer.ts";
import { keywordModel, newPerson } from "../categorization/pipeline-fixtures.ts";
import { importStatement } from "./import-statement.ts";

const BIRMINGHAM = fileURLToPath(
  new URL("../../../../testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv", import.meta.url),
);
// 2,500 real rows: three pipeline batches (1,000 + 1,000 + 500).
const csv = readFileSync(BIRMINGHAM, "utf8").split("\n").slice(0, 2501).join("\n");

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

test("an import categorizes every row in batches of at most 1,000 and keeps its accounting", async () => {
  const p = await newPerson(database, "import");
  const model = keywordModel();
  const result = await importStatement({
    ctx: p.ctx as typeof p.ctx & { db: typeof database.db },
    input: { accountId: p.accountId, format: "csv", filename: "birmingham.csv" },
    content: csv,
    ...model,
  });
  assert.equal(result.inserted + result.duplicates + result.skipped, result.seen);
  assert.ok(result.inserted > 2000, `${result.inserted} inserted`);
  assert.deepEqual(
    model.calls.map((c) => c.rows),
    [1000, 1000, 500],
  );
  const [counts] = (await database.db.execute(sql`
    select count(*)::int as rows,
           count(*) filter (where category_source = 'model')::int as decided,
           count(*) filter (where category_id is not null)::int as categorized,
           count(*) filter (where suggested_category_id is not null)::int as suggested
    from ${transactions} where user_id = ${p.userId}`)) as unknown as [
    { rows: number; decided: number; categorized: number; suggested: number },
  ];
  assert.equal(counts!.rows, result.inserted);
  assert.equal(counts!.decided, counts!.rows, "the model was asked about every row");
  assert.ok(counts!.categorized > 0 && counts!.suggested > 0, JSON.stringify(counts));
  const [fuel] = await database.db
    .select()
    .from(transactions)
    .where(sql`${transactions.userId} = ${p.userId} and ${transactions.description} like 'shell%'`)
    .limit(1);
  assert.equal(fuel!.categoryId, await p.category("Fuel"));
  assert.equal(fuel!.categoryModelVersion, "v1");
  assert.ok(fuel!.categorizedAt instanceof Date);
  assert.deepEqual(fuel!.categoryAlternatives, [
    { label: "Books", categoryId: await p.category("Books"), confidence: 0.025000000000000022 },
  ]);
});

test("rules add their tags on import; a failing model leaves rows uncategorized but imported", async () => {
  const p = await newPerson(database, "import-fail");
  await database.db.insert(rules).values({
    userId: p.userId,
    name: "fuel",
    position: 0,
    conditions: { descriptionContains: "shell" },
    categoryId: await p.category("Fuel"),
    tags: ['car "fleet"', "a\\b"],
  });
  const warnings: string[] = [];
  let asked = 0;
  const result = await importStatement({
    ctx: p.ctx as typeof p.ctx & { db: typeof database.db },
    input: { accountId: p.accountId, format: "csv" },
    content: csv,
    scoreModel: async () => {
      asked++;
      throw new Error("ml down");
    },
    warn: (m) => warnings.push(m),
  });
  assert.equal(result.inserted + result.duplicates + result.skipped, result.seen);
  assert.equal(warnings.length, 1, "told once per import");
  assert.equal(asked, 1, "a model that failed is not asked again for the next batches");
  const rows = await database.db.select().from(transactions).where(eq(transactions.userId, p.userId));
  assert.equal(rows.length, result.inserted);
  const shell = rows.filter((r) => r.description.startsWith("shell"));
  assert.ok(shell.length > 0);
  assert.ok(shell.every((r) => r.categorySource === "rule" && r.categoryId !== null));
  assert.deepEqual(shell[0]!.tags, ['car "fleet"', "a\\b"]);
  const rest = rows.filter((r) => !r.description.includes("shell"));
  assert.ok(rest.every((r) => r.categorySource === null && r.categoryId === null && r.categorizedAt === null));
});

test("an import with rules, remembered corrections and a model needs one connection only", {
  timeout: 60_000,
}, async () => {
  // A pool of one: while the import's transaction holds it, any query the pipeline sent
  // through the pool would wait for it forever (the test's deadline turns that into a failure).
  const single = createDatabase(database.url, { max: 1 });
  try {
    const p = await newPerson(database, "import-one-connection");
    const [fuel, groceries, books] = [
      await p.category("Fuel"),
      await p.category("Groceries"),
      await p.category("Books"),
    ];
    await database.db.insert(rules).values({
      userId: p.userId,
      name: "fuel",
      position: 0,
      conditions: { descriptionContains: "shell" },
      categoryId: fuel,
      tags: ["car"],
    });
    const remembered = "TESCO STORES 3110";
    await database.db.insert(merchantMemories).values({
      userId: p.userId,
      merchantKey: merchantKeyOf(remembered, null),
      categoryId: groceries,
      corrections: 2,
    });
    const asked: string[] = [];
    const scoreModel: ScoreModel = async (_userId, items) => {
      asked.push(...items.map((i) => i.description));
      return items.map(() => ({
        model: "default",
        version: "v1",
        scope: "shared" as const,
        labels: [{ label: "Books", confidence: 0.9 }],
        explanation: [],
      }));
    };
    // 1,500 rows: two pipeline batches, each deciding some rows by every stage.
    const kinds = ["SHELL PETROL 42", remembered, "WATERSTONES 7"];
    const lines = Array.from({ length: 1500 }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, "0");
      return `2026-11-${day},${kinds[i % 3]} #${i},-${1 + (i % 90)}.${String(i % 100).padStart(2, "0")}`;
    });
    const result = await importStatement({
      ctx: { db: single.db, userId: p.userId },
      input: { accountId: p.accountId, format: "csv", filename: "one-connection.csv" },
      content: `Date,Description,Amount\n${lines.join("\n")}\n`,
      scoreModel,
    });
    assert.equal(result.status, "completed");
    assert.equal(result.inserted, 1500);
    const rows = await database.db.select().from(transactions).where(eq(transactions.userId, p.userId));
    assert.equal(rows.length, 1500);
    const bySource = Object.groupBy(rows, (r) => r.categorySource ?? "none");
    assert.deepEqual(
      Object.fromEntries(Object.entries(bySource).map(([k, v]) => [k, v!.length])),
      { rule: 500, memory: 500, model: 500 },
      "every row decided",
    );
    assert.ok(bySource.rule!.every((r) => r.categoryId === fuel && r.tags.includes("car")));
    assert.ok(bySource.memory!.every((r) => r.categoryId === groceries && r.description.startsWith("TESCO")));
    assert.ok(bySource.model!.every((r) => r.categoryId === books && r.categoryModelVersion === "v1"));
    assert.equal(asked.length, 500, "the model sees only the rows rules and memories left open");
    assert.ok(asked.every((d) => d.startsWith("WATERSTONES")));
  } finally {
    await single.close();
  }
});
