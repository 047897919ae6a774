import { createHash } from "node:crypto";
import { accounts, categories, type Db, type Transaction, transactionSplits, transactions } from "@fincoach/db";
import { and, asc, eq, fillPlaceholders, inArray, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { decideCategories } from "../../packages/domain/src/categorization/decide-categories.ts";
import {
  type DecisionColumns,
  decisionColumns,
  manualDecision,
  withRuleTags,
} from "../../packages/domain/src/categorization/decision-columns.ts";
import { loadPipelineSettings } from "../../packages/domain/src/categorization/pipeline-settings.ts";
import { recordCorrections } from "../../packages/domain/src/categorization/record-corrections.ts";
import { importCategorizer } from "../../packages/domain/src/imports/categorize-import-rows.ts";
import { copyInsertTransactions } from "../../packages/domain/src/imports/copy-insert-transactions.ts";
import { completeImportRecord, openImportRecord } from "../../packages/domain/src/imports/import-record.ts";
import { decodeCursor, encodeCursor } from "../../packages/domain/src/transactions/list-cursor.ts";
import { LIST_FILTERS, type PageRow, pageStatement } from "../../packages/domain/src/transactions/list-query.ts";
import type { RawStatement } from "../../packages/domain/src/transactions/prepared.ts";
import type { BenchUser } from "./bench-users.ts";
import type { Op, Seen } from "./traffic-mix.ts";

/**
 * The SQL the API issues for each op, statement for statement, read from the use cases
 * (listTransactions, createTransaction, updateTransaction, importStatement) and built by the
 * same drizzle schema so the text is identical (floor-statements.test.ts records both and
 * compares them). Issued on postgres.js directly, prepared where the API prepares, rows left
 * as postgres.js returns them: the database's share of each request and nothing else.
 *
 * The categorization pipeline the writes run (issue 11) is the API's own code here too:
 * its reads (the person's rules, threshold, categories, whether they have remembered
 * corrections, and those corrections), its decisions, and its writes on a recategorizing
 * patch (the remembered correction, feedback) go through the domain's functions on the
 * floor's drizzle handle over the same postgres.js client, so they are the same statements
 * and the same work. No model stage: the bench's API runs without an ML service.
 */

/** postgres.js: the pool, or a transaction's connection. */
type Client = postgres.Sql | postgres.TransactionSql;

const p = sql.placeholder;
const qb = new QueryBuilder({ casing: "snake_case" });
const t = transactions;

/** Runs a built statement; `prepare` as the API runs it (drizzle's unnamed queries are not prepared). */
const run = <Row>(client: Client, s: RawStatement, values: Record<string, unknown>, prepare = false) =>
  client.unsafe(s.text, fillPlaceholders(s.params as unknown[], values) as never[], { prepare }) as Promise<Row[]>;

const built = (q: { toSQL: () => { sql: string; params: unknown[] } }): RawStatement => {
  const { sql: text, params } = q.toSQL();
  return { text, params };
};

/** The statements of the write paths, built once from a drizzle handle (insert and update need one). */
const writeStatements = (db: Db) => ({
  // requireOwnedAccount / findAccount
  account: built(
    qb
      .select()
      .from(accounts)
      .where(and(eq(accounts.id, p("id")), eq(accounts.userId, p("userId")))),
  ),
  // requireOwnedCategories, one category
  category: built(
    qb
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.userId, p("userId")), inArray(categories.id, [p("categoryId")]))),
  ),
  // createTransaction's insert, the pipeline's decision with it (no merchant, category, notes or tags in the bench's bodies)
  insert: built(
    db
      .insert(t)
      .values({
        userId: p("userId"),
        accountId: p("accountId"),
        date: p("date"),
        amountMinor: p("amountMinor"),
        currency: p("currency"),
        description: p("description"),
        merchant: p("merchant"),
        ...decisionPlaceholders,
        notes: p("notes"),
        tags: p("tags"),
      })
      .returning(),
  ),
  // suggestionName, for a row the pipeline left a suggestion on
  suggestionName: built(
    qb
      .select({ name: categories.name })
      .from(categories)
      .where(and(eq(categories.id, p("id")), eq(categories.userId, p("userId")))),
  ),
  // findTransaction
  transaction: built(
    qb
      .select()
      .from(t)
      .where(and(eq(t.id, p("id")), eq(t.userId, p("userId")))),
  ),
  // lockTransactionAndLegs, for a row that is no transfer leg
  lock: built(
    qb
      .select()
      .from(t)
      .where(and(eq(t.userId, p("userId")), eq(t.id, p("id"))))
      .orderBy(asc(t.id))
      .for("update"),
  ),
  // loadSplits (prepared by name in the API)
  splits: built(
    qb
      .select()
      .from(transactionSplits)
      .where(
        and(
          eq(transactionSplits.userId, p("userId")),
          sql`${transactionSplits.transactionId} = any(${p("ids")}::uuid[])`,
        ),
      )
      .orderBy(asc(transactionSplits.transactionId), asc(transactionSplits.id)),
  ),
  // updateTransaction's update of category and notes (amount unchanged but always set; updated_at by $onUpdate)
  update: built(
    db
      .update(t)
      // Placeholders work in `set` (drizzle fills them like any parameter) but its types don't say so.
      .set({
        categoryId: p("categoryId"),
        notes: p("notes"),
        amountMinor: p("amountMinor"),
        updatedAt: p("now"),
      } as unknown as Partial<typeof t.$inferInsert>)
      .where(and(eq(t.id, p("id")), eq(t.userId, p("userId")))),
  ),
  // the same when the category changes: the person's choice (source manual) with it
  recategorize: built(
    db
      .update(t)
      .set({
        notes: p("notes"),
        ...decisionPlaceholders,
        amountMinor: p("amountMinor"),
        updatedAt: p("now"),
      } as unknown as Partial<typeof t.$inferInsert>)
      .where(and(eq(t.id, p("id")), eq(t.userId, p("userId")))),
  ),
});

/**
 * The pipeline's category columns as bare placeholders: a column's placeholder would run its
 * encoder on the value, and drizzle's timestamp and jsonb encoders turn null into an error
 * and a JSON null. The same statement text; `decisionValues` gives the values as drizzle
 * would send them.
 */
const bare = (name: string) => sql`${p(name)}`;
const decisionPlaceholders = {
  categoryId: bare("categoryId"),
  categorySource: bare("categorySource"),
  categoryConfidence: bare("categoryConfidence"),
  categoryModel: bare("categoryModel"),
  categoryModelVersion: bare("categoryModelVersion"),
  categoryAlternatives: bare("categoryAlternatives"),
  suggestedCategoryId: bare("suggestedCategoryId"),
  categorizedAt: bare("categorizedAt"),
};

const decisionValues = (d: DecisionColumns) => ({
  ...d,
  categoryAlternatives: d.categoryAlternatives === null ? null : JSON.stringify(d.categoryAlternatives),
  categorizedAt: d.categorizedAt?.toISOString() ?? null,
});

/** The columns of a transaction row, as postgres.js returns them, that a correction reads. */
type RawRow = {
  id: string;
  description: string;
  merchant: string | null;
  amount_minor: string;
  category_id: string | null;
  category_source: Transaction["categorySource"];
  category_confidence: number | null;
  category_model: string | null;
  category_model_version: string | null;
  suggested_category_id: string | null;
};

/**
 * A drizzle handle on the floor's transaction, for the domain's writes. drizzle's driver
 * reads (and sets, as it already did on the pool's) the client's type parsers, which a
 * postgres.js transaction does not carry: it shares the pool's.
 */
// Typed as the API's handle (its schema only feeds relational queries, which these writes don't use).
const onTransaction = (tx: postgres.TransactionSql, pool: postgres.Sql): Db =>
  drizzle({
    client: Object.assign(tx, { options: pool.options }) as unknown as postgres.Sql,
    casing: "snake_case",
  }) as unknown as Db;

/** What recordCorrections reads of the row before the change. */
const corrected = (r: RawRow) => ({
  id: r.id,
  description: r.description,
  merchant: r.merchant,
  categoryId: r.category_id,
  categorySource: r.category_source,
  categoryConfidence: r.category_confidence,
  categoryModel: r.category_model,
  categoryModelVersion: r.category_model_version,
  suggestedCategoryId: r.suggested_category_id,
});

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const PAGE = 50;

/**
 * Issues, for an op, the statements the API would, and says what the answer revealed (as
 * the HTTP side does), so the floor's follow-up pages and patches come from its own answers.
 */
export const createFloorRunner = (client: postgres.Sql, db: Db, users: readonly BenchUser[]) => {
  const w = writeStatements(db);

  const list = async (op: Extract<Op, { kind: "list" }>): Promise<Seen> => {
    const userId = users[op.user]!.userId;
    const f = op.filters;
    const cursor = op.cursor ? decodeCursor(op.cursor) : undefined;
    const values = {
      userId,
      limit: PAGE + 1,
      ...f,
      q: f.q === undefined ? undefined : `%${escapeLike(f.q)}%`,
      cursorDate: cursor?.date,
      cursorId: cursor?.id,
    };
    const present = new Set(LIST_FILTERS.filter((name) => (name === "cursor" ? cursor : f[name as keyof typeof f])));
    const rows = await run<PageRow>(client, pageStatement(present), values, true);
    const page = rows.slice(0, PAGE);
    const withSplits = page.filter((r) => r.has_splits).map((r) => r.id);
    if (withSplits.length > 0) await run(client, w.splits, { userId, ids: withSplits }, true);
    const last = page.at(-1);
    const nextCursor = rows.length > PAGE && last ? encodeCursor({ date: last.date, id: last.id }) : null;
    return { user: op.user, filters: f, nextCursor, transactionIds: page[0] ? [page[0].id] : [] };
  };

  const create = async (op: Extract<Op, { kind: "create" }>): Promise<Seen> => {
    const userId = users[op.user]!.userId;
    const [account] = await run<{ id: string; currency: string }>(client, w.account, { id: op.body.accountId, userId });
    const amountMinor = BigInt(op.body.amount.replace(".", ""));
    const settings = await loadPipelineSettings(db, userId);
    const subject = { ...op.body, merchant: null, amountMinor, currency: account!.currency, accountId: account!.id };
    const [result] = await decideCategories({ db, settings }, [subject]);
    const [row] = await run<{ id: string; suggested_category_id: string | null }>(client, w.insert, {
      userId,
      accountId: account!.id,
      date: op.body.date,
      amountMinor,
      currency: account!.currency,
      description: op.body.description,
      merchant: null,
      ...decisionValues(decisionColumns(result!, new Date())),
      notes: null,
      tags: withRuleTags([], result!.tags),
    });
    if (row!.suggested_category_id !== null) {
      await run(client, w.suggestionName, { id: row!.suggested_category_id, userId });
    }
    return { user: op.user, filters: {}, nextCursor: null, transactionIds: [row!.id] };
  };

  const patch = (op: Extract<Op, { kind: "patch" }>) =>
    client.begin(async (tx) => {
      const userId = users[op.user]!.userId;
      const key = { id: op.transactionId, userId };
      await run(tx, w.transaction, key);
      const [row] = await run<RawRow>(tx, w.lock, key);
      await run(tx, w.splits, { userId, ids: [op.transactionId] }, true);
      await run(tx, w.category, { userId, categoryId: op.patch.categoryId });
      const set = { ...key, ...op.patch, amountMinor: BigInt(row!.amount_minor), now: new Date() };
      // As updateTransaction: a category that changes is the person's, remembered for the merchant.
      if (op.patch.categoryId !== row!.category_id) {
        await run(tx, w.recategorize, { ...set, ...decisionValues(manualDecision(op.patch.categoryId, set.now)) });
        await recordCorrections(onTransaction(tx, client), userId, [corrected(row!)], op.patch.categoryId);
      } else await run(tx, w.update, set);
      const [fresh] = await run<RawRow>(tx, w.transaction, key);
      await run(tx, w.splits, { userId, ids: [op.transactionId] }, true);
      if (fresh!.suggested_category_id !== null) {
        await run(tx, w.suggestionName, { id: fresh!.suggested_category_id, userId });
      }
    });

  const importRows = async (op: Extract<Op, { kind: "import" }>) => {
    const userId = users[op.user]!.userId;
    const [account] = await run<{ id: string; currency: string }>(client, w.account, { id: op.account.id, userId });
    const rows = op.rows.map((r, i) => ({
      date: r.date,
      amountMinor: BigInt(r.amount.replace(".", "")),
      description: r.description,
      externalId: `csv:${createHash("sha256").update(`${r.date},${r.description},${r.amount},${i}`).digest("hex").slice(0, 32)}`,
    }));
    const fileSha256 = createHash("sha256").update(JSON.stringify(op.rows)).digest("hex");
    // The pipeline's reads happen here, before the transaction, as in importStatement.
    const categorize = await importCategorizer({ ctx: { db, userId }, account: account!, rows });
    await client.begin(async (tx) => {
      const record = { userId, accountId: account!.id, filename: op.filename, format: "csv", fileSha256 };
      const importId = await openImportRecord(tx, record);
      const target = { userId, accountId: account!.id, importId, currency: account!.currency };
      const counts = await copyInsertTransactions(tx, target, rows, categorize);
      const accounting = {
        seen: rows.length,
        ...counts,
        skipped: 0,
        truncated: 0,
        skippedRecords: [],
        statementAccount: null,
      };
      await completeImportRecord(tx, importId, accounting);
    });
  };

  /** The op's statements; resolves to what its answer revealed, if anything. */
  return async (op: Op): Promise<Seen | undefined> => {
    switch (op.kind) {
      case "list":
        return list(op);
      case "create":
        return create(op);
      case "patch":
        await patch(op);
        return undefined;
      case "import":
        await importRows(op);
        return undefined;
    }
  };
};
