import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as schema from "@fincoach/db";
import { createTransaction, importStatement, listTransactions, updateTransaction } from "@fincoach/domain";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { BenchUser } from "./bench-users.ts";
import { createFloorRunner } from "./floor-statements.ts";
import { csvStatement } from "./http-requests.ts";
import type { Op } from "./traffic-mix.ts";

/**
 * The floor must issue what the API issues: each op's statements are recorded once from the
 * API's own use case and once from the floor, on clients that log every statement's text.
 */
let database: TestDatabase;
let user: BenchUser;
let transactionId: string;
const log: string[] = [];
const client = postgres(process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", {
  max: 1,
  onnotice: () => {},
  // postgres.js reads the array types once per connection, the first time it connects: not the API's.
  debug: (_connection, query) => {
    if (!query.includes("pg_catalog.pg_type")) log.push(query.replace(/\s+/g, " ").trim());
  },
});
let recording: { client: postgres.Sql; db: ReturnType<typeof drizzle<typeof schema>> };

before(async () => {
  database = await createTestDatabase();
  const c = postgres(database.url, { max: 1, onnotice: () => {}, debug: client.options.debug });
  recording = { client: c, db: drizzle({ client: c, schema, casing: "snake_case" }) };
  const sql = database.sql;
  const [u] = await sql`insert into users (email, password_hash) values ('floor@example.com', 'x') returning id`;
  const [a] = await sql`insert into accounts (user_id, name, type, currency, opening_balance_minor)
    values (${u!.id}, 'Checking', 'checking', 'EUR', 0) returning id`;
  const [c1] =
    await sql`insert into categories (user_id, name, kind) values (${u!.id}, 'Food', 'expense') returning id`;
  const [t] = await sql`insert into transactions (user_id, account_id, date, amount_minor, currency, description)
    values (${u!.id}, ${a!.id}, '2026-11-02', -1234, 'EUR', 'REWE Markt') returning id`;
  for (let i = 0; i < 60; i++)
    await sql`insert into transactions (user_id, account_id, date, amount_minor, currency, description)
      values (${u!.id}, ${a!.id}, ${`2026-10-${String(1 + (i % 28)).padStart(2, "0")}`}, -100, 'EUR', 'Coffee')`;
  transactionId = t!.id;
  const account = { id: a!.id as string, currency: "EUR" };
  user = {
    userId: u!.id,
    accountId: account.id,
    currency: "EUR",
    accounts: [account],
    categoryIds: [c1!.id],
    token: "",
  };
});
after(async () => {
  await recording?.client.end();
  await client.end();
  await database?.drop();
});

/** The statements `fn` issued, in order. */
const recorded = async (fn: () => Promise<unknown>): Promise<string[]> => {
  log.length = 0;
  await fn();
  return [...log];
};

const floor = () => createFloorRunner(recording.client, recording.db, [user]);
const ctx = () => ({ db: recording.db, userId: user.userId });

describe("the database floor issues the API's statements", () => {
  const lists: Array<[string, Op & { kind: "list" }]> = [
    ["first page", { kind: "list", user: 0, filters: {} }],
    ["account", { kind: "list", user: 0, filters: { accountId: "" } }],
    ["category", { kind: "list", user: 0, filters: { categoryId: "" } }],
    ["month", { kind: "list", user: 0, filters: { from: "2026-10-01", to: "2026-10-31" } }],
    ["search", { kind: "list", user: 0, filters: { q: "re_we%" } }],
  ];
  for (const [name, shape] of lists) {
    test(`list: ${name}, then its next page`, async () => {
      const filters = {
        ...shape.filters,
        ...("accountId" in shape.filters ? { accountId: user.accountId } : {}),
        ...("categoryId" in shape.filters ? { categoryId: user.categoryIds[0] } : {}),
      };
      const op: Op = { kind: "list", user: 0, filters };
      let nextCursor: string | null = null;
      const api = await recorded(async () => {
        nextCursor = (await listTransactions({ ctx: ctx(), input: { ...filters, limit: 50 } })).nextCursor;
      });
      let seen: Awaited<ReturnType<ReturnType<typeof floor>>>;
      assert.deepEqual(await recorded(async () => (seen = await floor()(op))), api);
      assert.equal(seen!.nextCursor, nextCursor, "the floor pages where the API pages");
      if (nextCursor) {
        const next = await recorded(() => listTransactions({ ctx: ctx(), input: { ...filters, cursor: nextCursor! } }));
        assert.deepEqual(await recorded(() => floor()({ ...op, cursor: nextCursor! })), next);
      }
    });
  }

  test("create", async () => {
    const body = { accountId: user.accountId, date: "2026-11-20", amount: "-3.50", description: "Bakery" };
    const api = await recorded(() => createTransaction({ ctx: ctx(), input: body }));
    const op: Op = { kind: "create", user: 0, account: user.accounts[0]!, body };
    assert.deepEqual(await recorded(() => floor()(op)), api);
  });

  /** The row as the model left it (a suggestion, no category): a new category is a correction of it. */
  const modelSuggested = () => database.sql`
    update transactions set category_id = null, category_source = 'model', category_model = 'default',
      category_model_version = 'v1', suggested_category_id = ${user.categoryIds[0]!}, categorized_at = now()
    where id = ${transactionId}`;

  test("patch of category and notes", async () => {
    const patch = { categoryId: user.categoryIds[0]!, notes: "checked" };
    // Each side from the same state, so both take the suggestion: a manual decision, a
    // remembered correction for the merchant and an "accepted" feedback row.
    await modelSuggested();
    const api = await recorded(() => updateTransaction({ ctx: ctx(), input: { id: transactionId, patch } }));
    await modelSuggested();
    const op: Op = { kind: "patch", user: 0, transactionId, patch: { ...patch, notes: "again" } };
    assert.deepEqual(await recorded(() => floor()(op)), api);
    const [counts] = await database.sql`
      select (select count(*)::int from category_feedback where transaction_id = ${transactionId}) as feedback,
             (select corrections from merchant_memories where user_id = ${user.userId}) as corrections`;
    assert.deepEqual(counts, { feedback: 2, corrections: 2 }, "the floor wrote what the API wrote");
  });

  test("patch to the category it already has", async () => {
    const patch = { categoryId: user.categoryIds[0]!, notes: "same" };
    const api = await recorded(() => updateTransaction({ ctx: ctx(), input: { id: transactionId, patch } }));
    const op: Op = { kind: "patch", user: 0, transactionId, patch };
    assert.deepEqual(await recorded(() => floor()(op)), api);
  });

  test("create of a merchant the person corrected before (the memory stage decides)", async () => {
    const body = { accountId: user.accountId, date: "2026-11-20", amount: "-9.10", description: "REWE Markt 0815" };
    const api = await recorded(() => createTransaction({ ctx: ctx(), input: body }));
    const op: Op = { kind: "create", user: 0, account: user.accounts[0]!, body };
    assert.deepEqual(await recorded(() => floor()(op)), api);
    const decided = await database.sql`
      select category_id, category_source, category_confidence, categorized_at is not null as at
      from transactions where description = ${body.description}`;
    const expected = { category_id: user.categoryIds[0], category_source: "memory", category_confidence: 1, at: true };
    assert.deepEqual([...decided], [expected, expected], "the floor wrote the decision the API wrote");
  });

  test("a small CSV import", async () => {
    const rows = [
      { date: "2026-11-21", description: "TESCO STORES", amount: "-12.30" },
      { date: "2026-11-22", description: "AMAZON EU", amount: "-7.99" },
      { date: "2026-11-23", description: "REWE Markt 4711", amount: "-21.05" },
    ];
    const content = csvStatement(rows);
    const api = await recorded(() =>
      importStatement({
        ctx: ctx(),
        input: { accountId: user.accountId, filename: "a.csv" },
        content,
      }),
    );
    const op: Op = { kind: "import", user: 0, account: user.accounts[0]!, filename: "b.csv", rows };
    assert.deepEqual(await recorded(() => floor()(op)), api);
    const remembered =
      await database.sql`select category_source from transactions where description = 'REWE Markt 4711'`;
    assert.deepEqual(
      remembered.map((r) => r.category_source),
      ["memory", "memory"],
    );
  });
});
