import {
  type CategoryAlternativeData,
  type CategorySource,
  categories,
  transactionSplits,
  transactions,
} from "@fincoach/db";
import { and, eq, gte, ilike, lte, or, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, QueryBuilder } from "drizzle-orm/pg-core";
import { amountBound } from "./amount-range.ts";
import type { RawStatement } from "./prepared.ts";

/** The optional filters of a listing; which of them are present decides the statement's shape. */
export const LIST_FILTERS = ["accountId", "categoryId", "from", "to", "q", "minAmount", "maxAmount", "cursor"] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

/**
 * A page row as postgres.js returns it (dates and bigints as text, timestamps already ISO
 * 8601 text from the query): exactly the columns a list item needs, under their SQL names.
 */
export type PageRow = {
  id: string;
  account_id: string;
  date: string;
  amount_minor: string;
  currency: string;
  description: string;
  merchant: string | null;
  category_id: string | null;
  notes: string | null;
  tags: string[];
  external_id: string | null;
  import_id: string | null;
  transfer_id: string | null;
  category_source: CategorySource | null;
  category_confidence: number | null;
  category_model: string | null;
  category_model_version: string | null;
  category_alternatives: CategoryAlternativeData[] | null;
  suggested_category_id: string | null;
  suggestion_name: string | null;
  categorized_at: string | null;
  created_at: string;
  updated_at: string;
  has_splits: boolean;
};

const t = transactions;

/** A timestamptz as `Date.prototype.toISOString` writes it, whatever the session's time zone. */
const isoUtc = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const s = transactionSplits;
const p = sql.placeholder;

const conditionFor: Record<ListFilter, () => SQL | undefined> = {
  accountId: () => eq(t.accountId, p("accountId")),
  categoryId: () =>
    or(
      eq(t.categoryId, p("categoryId")),
      sql`exists (select 1 from ${s} where ${s.transactionId} = ${t.id} and ${s.categoryId} = ${p("categoryId")})`,
    ),
  from: () => gte(t.date, p("from")),
  to: () => lte(t.date, p("to")),
  q: () => or(ilike(t.description, p("q")), ilike(t.merchant, p("q")), ilike(t.notes, p("q"))),
  minAmount: () => amountBound(">="),
  maxAmount: () => amountBound("<="),
  // Row comparison matches the index order, so the scan starts right after the cursor.
  cursor: () => sql`(${t.date}, ${t.id}) < (${p("cursorDate")}::date, ${p("cursorId")}::uuid)`,
};

// The same casing as createDatabase's drizzle instance: the text is identical for every pool.
const qb = new QueryBuilder({ casing: "snake_case" });

const build = (present: ReadonlySet<ListFilter>): RawStatement => {
  const { sql: text, params } = qb
    .select({
      // Every column but user_id (the filter), in PageRow's names.
      id: t.id,
      accountId: t.accountId,
      date: t.date,
      amountMinor: t.amountMinor,
      currency: t.currency,
      description: t.description,
      merchant: t.merchant,
      categoryId: t.categoryId,
      notes: t.notes,
      tags: t.tags,
      externalId: t.externalId,
      importId: t.importId,
      transferId: t.transferId,
      categorySource: t.categorySource,
      categoryConfidence: t.categoryConfidence,
      categoryModel: t.categoryModel,
      categoryModelVersion: t.categoryModelVersion,
      categoryAlternatives: t.categoryAlternatives,
      suggestedCategoryId: t.suggestedCategoryId,
      // Looked up only on rows that carry a suggestion (a CASE runs its subquery lazily).
      suggestionName: sql<
        string | null
      >`case when ${t}.${sql.identifier("suggested_category_id")} is null then null else (select c.${sql.identifier("name")} from ${categories} c where c.${sql.identifier("id")} = ${t}.${sql.identifier("suggested_category_id")}) end`.as(
        "suggestion_name",
      ),
      categorizedAt: sql<
        string | null
      >`case when ${t.categorizedAt} is null then null else ${isoUtc(t.categorizedAt)} end`.as("categorized_at"),
      // ISO 8601 in UTC, written by Postgres, so the domain parses no Postgres text format.
      // MS truncates to milliseconds, as Date (and so getTransaction's toISOString) does.
      createdAt: isoUtc(t.createdAt).as("created_at"),
      updatedAt: isoUtc(t.updatedAt).as("updated_at"),
      // Splits are loaded only for the rows that have them; most pages then need no second query.
      // Spelled-out qualification: drizzle leaves columns in a select list unqualified, and a bare
      // "id" inside the subquery would mean transaction_splits.id.
      hasSplits:
        sql<boolean>`exists (select 1 from ${s} where ${s}.${sql.identifier("transaction_id")} = ${t}.${sql.identifier("id")})`.as(
          "has_splits",
        ),
    })
    .from(t)
    .where(and(eq(t.userId, p("userId")), ...LIST_FILTERS.filter((f) => present.has(f)).map((f) => conditionFor[f]())))
    // NULLS LAST spelled out to match transactions_user_date_idx exactly, or Postgres sorts instead.
    .orderBy(sql`${t.date} desc nulls last`, sql`${t.id} desc nulls last`)
    .limit(p("limit"))
    .toSQL();
  return { text, params };
};

const statements = new Map<string, RawStatement>();

/**
 * The page statement for this combination of filters: one statement walking
 * transactions_user_date_idx, values bound as placeholders (`userId`, `limit`, each
 * filter's name, `cursorDate`/`cursorId`, and `amountBoundValues` for amounts). Built once
 * per shape; run with `runPrepared`, it returns `PageRow`s.
 */
export const pageStatement = (present: ReadonlySet<ListFilter>): RawStatement => {
  const key = LIST_FILTERS.map((f) => (present.has(f) ? 1 : 0)).join("");
  let statement = statements.get(key);
  if (!statement) {
    statement = build(present);
    statements.set(key, statement);
  }
  return statement;
};
